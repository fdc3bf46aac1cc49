/**
 * Text for the model: a pure Java SentencePiece unigram tokenizer ({@link
 * org.pockettts.text.SentencePieceTokenizer}) and the reference's text preparation and sentence
 * splitting ({@link org.pockettts.text.TextPreparation}).
 */
package org.pockettts.text;
