package org.pockettts.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pockettts.api.InvalidInputException;

/**
 * The reference's preparation of text before tokenization ({@code prepare_text_prompt}) and its
 * splitting of long text into chunks generated one after the other
 * ({@code split_into_best_sentences}), with Python's string semantics.
 */
public final class TextPreparation {

    /** Short prompts are padded with this many spaces in front: the model does better with more tokens. */
    private static final String SHORT_TEXT_PADDING = " ".repeat(8);
    private static final int SHORT_TEXT_WORDS = 5;

    /** The characters whose tokens end a sentence, after the first token (the dummy prefix) is dropped. */
    private static final String END_OF_SENTENCE_TEXT = ".!...?";

    private TextPreparation() {
    }

    /**
     * Text ready for the model, and the reference's guess of how many frames to generate after the
     * end-of-speech signal: 3 for text of at most 4 words, else 1.
     */
    public record Prepared(String text, int framesAfterEosGuess) {
    }

    /**
     * Prepares text as the reference does: strips it, joins lines, halves double spaces (one pass),
     * uppercases the first character, appends "." after a final letter or digit, and pads text of
     * fewer than 5 words with 8 leading spaces.
     *
     * @throws InvalidInputException if the text is empty or only whitespace
     */
    public static Prepared prepareTextPrompt(String text) {
        Objects.requireNonNull(text, "text");
        String prepared = PythonText.strip(text);
        if (prepared.isEmpty()) {
            throw new InvalidInputException("Text prompt cannot be empty (it is empty or only whitespace)");
        }
        prepared = prepared.replace("\n", " ").replace("\r", " ").replace("  ", " ");
        int framesAfterEosGuess = countWords(prepared) <= 4 ? 3 : 1;
        int first = prepared.codePointAt(0);
        if (!PythonText.isUpper(first)) {
            prepared = PythonText.upper(first) + prepared.substring(Character.charCount(first));
        }
        if (PythonText.isAlnum(prepared.codePointBefore(prepared.length()))) {
            prepared = prepared + ".";
        }
        if (countWords(prepared) < SHORT_TEXT_WORDS) {
            prepared = SHORT_TEXT_PADDING + prepared;
        }
        return new Prepared(prepared, framesAfterEosGuess);
    }

    /**
     * Splits text into chunks of whole sentences, each of at most {@code maxTokens} tokens unless a
     * single sentence is longer, as the reference does: the whole text is prepared and tokenized, a
     * sentence ends after a run of end-of-sentence tokens ({@code .}, {@code !}, {@code ?} and
     * {@code ...}), each sentence's tokens are decoded back to text, and consecutive sentences are
     * packed greedily, joined by a space.
     *
     * @throws InvalidInputException if the text is empty or only whitespace
     */
    public static List<String> splitIntoBestSentences(Tokenizer tokenizer, String text, int maxTokens) {
        String prepared = PythonText.strip(prepareTextPrompt(text).text());
        int[] tokens = tokenizer.encode(prepared);
        int[] endOfSentenceIds = tokenizer.encode(END_OF_SENTENCE_TEXT);

        List<Integer> boundaries = new ArrayList<>();
        boundaries.add(0);
        boolean previousEndedSentence = false;
        for (int i = 0; i < tokens.length; i++) {
            if (endsSentence(tokens[i], endOfSentenceIds)) {
                previousEndedSentence = true;
            } else {
                if (previousEndedSentence) {
                    boundaries.add(i);
                }
                previousEndedSentence = false;
            }
        }
        boundaries.add(tokens.length);

        List<String> chunks = new ArrayList<>();
        String chunk = "";
        int chunkTokens = 0;
        for (int s = 0; s + 1 < boundaries.size(); s++) {
            int start = boundaries.get(s);
            int end = boundaries.get(s + 1);
            String sentence = tokenizer.decode(Arrays.copyOfRange(tokens, start, end));
            int sentenceTokens = end - start;
            // As in the reference, an empty chunk so far is replaced, not extended.
            if (chunk.isEmpty()) {
                chunk = sentence;
                chunkTokens = sentenceTokens;
            } else if (chunkTokens + sentenceTokens > maxTokens) {
                chunks.add(PythonText.strip(chunk));
                chunk = sentence;
                chunkTokens = sentenceTokens;
            } else {
                chunk = chunk + " " + sentence;
                chunkTokens += sentenceTokens;
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(PythonText.strip(chunk));
        }
        return chunks;
    }

    /** The number of words as Python's {@code len(text.split())} counts them. */
    public static int countWords(String text) {
        return PythonText.split(text).size();
    }

    /** Whether {@code token} is one of the end-of-sentence ids, the first of which does not count. */
    private static boolean endsSentence(int token, int[] endOfSentenceIds) {
        for (int i = 1; i < endOfSentenceIds.length; i++) {
            if (endOfSentenceIds[i] == token) {
                return true;
            }
        }
        return false;
    }
}
