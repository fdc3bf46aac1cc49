/**
 * Text for the model: pure Java tokenizers for the two formats a model ships
 * ({@link org.pockettts.text.SentencePieceTokenizer} for a SentencePiece {@code .model},
 * {@link org.pockettts.text.JsonTokenizer} for a Hugging Face {@code tokenizer.json}, chosen by
 * {@link org.pockettts.text.TokenizerFormat}), the reference's text preparation and sentence splitting
 * ({@link org.pockettts.text.TextPreparation}) under the text rules of each release
 * ({@link org.pockettts.text.TextRules}), and the per-chunk plan of a generation
 * ({@link org.pockettts.text.ChunkPlanner}).
 */
package org.pockettts.text;
