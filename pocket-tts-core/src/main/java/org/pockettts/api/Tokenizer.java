package org.pockettts.api;

/**
 * Text to the token ids of a model's lookup table and back. The text preparation and the sentence
 * splitter work through this interface, so they run the same over every tokenizer format a model
 * may ship (a SentencePiece {@code .model}, a Hugging Face {@code tokenizer.json}) and over the
 * synthetic tokenizers of benchmarks.
 *
 * <p>Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {

    /** The ids of {@code text}, without begin or end of sentence markers. */
    int[] encode(String text);

    /**
     * The text of {@code ids}, as the reference's tokenizer decodes them (the sentence splitter
     * compares decoded text, so this must match it exactly).
     *
     * @throws IllegalArgumentException if an id is outside {@code [0, vocabSize())}
     */
    String decode(int[] ids);

    /** The number of pieces, which is one more than the largest id. */
    int vocabSize();
}
