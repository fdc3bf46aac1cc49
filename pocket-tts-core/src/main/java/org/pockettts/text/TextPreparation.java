package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.util.List;
import java.util.Objects;
import org.pockettts.api.InvalidInputException;

/**
 * The reference's preparation of text before tokenization ({@code prepare_text_prompt}) and its
 * splitting of long text into chunks generated one after the other
 * ({@code split_into_best_sentences}), with Python's string semantics. The methods without
 * {@link TextRules} follow pocket-tts 1.0.1 ({@link TextRules#v1_0()}).
 */
public final class TextPreparation {

    /** Short prompts are padded with this many spaces in front: the model does better with more tokens. */
    private static final String SHORT_TEXT_PADDING = " ".repeat(8);
    private static final int SHORT_TEXT_WORDS = 5;

    private TextPreparation() {
    }

    /**
     * Text ready for the model, and the reference's guess of how many frames to generate after the
     * end-of-speech signal: 3 for text of at most 4 words, else 1.
     */
    public record Prepared(String text, int framesAfterEosGuess) {
    }

    /**
     * Prepares text as pocket-tts 1.0.1 does: strips it, joins lines, halves double spaces (one
     * pass), uppercases the first character, appends "." after a final letter or digit, and pads
     * text of fewer than 5 words with 8 leading spaces.
     *
     * @throws InvalidInputException if the text is empty or only whitespace
     */
    public static Prepared prepareTextPrompt(String text) {
        return prepareTextPrompt(text, TextRules.v1_0());
    }

    /**
     * Prepares text with the given rules, in the reference's order (see {@link TextRules}).
     *
     * @throws InvalidInputException if the text is empty or only whitespace, or nothing is left of
     *     it once the rules' character replacements are applied
     */
    public static Prepared prepareTextPrompt(String text, TextRules rules) {
        Objects.requireNonNull(text, "text");
        String prepared = PythonText.strip(text);
        if (prepared.isEmpty()) {
            throw new InvalidInputException("Text prompt cannot be empty (it is empty or only whitespace)");
        }
        if (!rules.replaceCharacters().isEmpty()) {
            prepared = CharacterReplacement.apply(prepared, rules.replaceCharacters());
            if (prepared.isEmpty()) {
                throw new InvalidInputException("Text prompt cannot be empty (nothing is left of \""
                        + PythonText.strip(text) + "\" once the model's replace_characters are applied)");
            }
        }
        prepared = prepared.replace("\n", " ").replace("\r", " ").replace("  ", " ");
        if (rules.removeSemicolons()) {
            prepared = prepared.replace(";", ",");
        }
        int framesAfterEosGuess = countWords(prepared) <= 4 ? 3 : 1;
        int first = prepared.codePointAt(0);
        if (rules.capitalizeFirstLetter() && !PythonText.isUpper(first)) {
            prepared = PythonText.upper(first) + prepared.substring(Character.charCount(first));
        }
        prepared = rules.terminalPunctuation().apply(prepared);
        if (rules.padWithSpacesForShortInputs() && countWords(prepared) < SHORT_TEXT_WORDS) {
            prepared = SHORT_TEXT_PADDING + prepared;
        }
        return new Prepared(prepared, framesAfterEosGuess);
    }

    /**
     * Splits text into chunks of whole sentences as pocket-tts 1.0.1 does, each of at most
     * {@code maxTokens} tokens unless a single sentence is longer: the whole text is prepared and
     * tokenized, a sentence ends after a run of end-of-sentence tokens ({@code .}, {@code !},
     * {@code ?} and {@code ...}), each sentence's tokens are decoded back to text, and consecutive
     * sentences are packed greedily, joined by a space.
     *
     * @throws InvalidInputException if the text is empty or only whitespace
     */
    public static List<String> splitIntoBestSentences(Tokenizer tokenizer, String text, int maxTokens) {
        return splitIntoBestSentences(tokenizer, text, maxTokens, TextRules.v1_0());
    }

    /**
     * Splits text into chunks as {@link #splitIntoBestSentences(Tokenizer, String, int)} does, with
     * the given rules for preparing the text, for decimal points and for sentences longer than
     * {@code maxTokens}.
     *
     * @throws InvalidInputException if the text is empty, only whitespace, or nothing once the
     *     rules' character replacements are applied
     */
    public static List<String> splitIntoBestSentences(Tokenizer tokenizer, String text, int maxTokens,
            TextRules rules) {
        return SentenceSplitter.split(tokenizer, PythonText.strip(prepareTextPrompt(text, rules).text()), maxTokens,
                rules);
    }

    /** The number of words as Python's {@code len(text.split())} counts them. */
    public static int countWords(String text) {
        return PythonText.split(text).size();
    }
}
