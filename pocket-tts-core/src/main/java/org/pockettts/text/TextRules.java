package org.pockettts.text;

import java.util.Map;
import java.util.Objects;
import org.pockettts.config.TextOptions;

/**
 * How a release of pocket-tts turns text into the chunks the model reads: each rule a named switch,
 * so that a behaviour is a set of switches rather than version checks. {@link #v1_0()},
 * {@link #v2_1} and {@link #v3_3} are the presets of the releases this project reproduces.
 *
 * <p>The order in which {@link TextPreparation#prepareTextPrompt(String, TextRules)} applies them is
 * the reference's: strip; {@code replaceCharacters}; line breaks to spaces and one pass halving
 * double spaces; {@code removeSemicolons}; the word count that guesses the frames after the end of
 * speech; {@code capitalizeFirstLetter}; {@code terminalPunctuation};
 * {@code padWithSpacesForShortInputs}.
 *
 * @param padWithSpacesForShortInputs 8 spaces in front of a prompt of fewer than 5 words
 * @param removeSemicolons {@code ;} becomes {@code ,}
 * @param replaceCharacters per character replacements (pocket-tts 3.3); when not empty, whitespace
 *     runs are also collapsed and a clause mark right after a sentence mark is dropped (see
 *     {@link CharacterReplacement}); empty switches the whole step off
 * @param capitalizeFirstLetter the first character is upper-cased (Python's full case mapping)
 * @param terminalPunctuation how the prompt is made to end like a sentence
 * @param keepDecimalPointsTogether the sentence splitter does not cut after a "." between digits
 *     ({@code 3.5}, also {@code 2. 3}), judged on decoded text (pocket-tts 3.3)
 * @param splitLongSentencesAtCommas a sentence of more than the chunk's token limit is cut again
 *     after {@code , ; :} (pocket-tts 2.x and 3.x)
 * @param reprepareChunks each chunk is prepared again and the model reads that text (pocket-tts
 *     3.3); otherwise it reads the chunk as split, and the chunk's preparation only guesses the frames
 *     after the end of speech
 * @param generationLength the most frames a chunk may generate
 */
public record TextRules(boolean padWithSpacesForShortInputs, boolean removeSemicolons,
        Map<String, String> replaceCharacters, boolean capitalizeFirstLetter, TerminalPunctuation terminalPunctuation,
        boolean keepDecimalPointsTogether, boolean splitLongSentencesAtCommas, boolean reprepareChunks,
        GenerationLength generationLength) {

    private static final TextRules V1_0 = new TextRules(true, false, Map.of(), true,
            TerminalPunctuation.AFTER_LETTER_OR_DIGIT, false, false, false, GenerationLength.FROM_WORDS);

    /**
     * @throws IllegalArgumentException if a key of {@code replaceCharacters} is not exactly one
     *     character
     */
    public TextRules {
        replaceCharacters = TextOptions.checkedReplacements(replaceCharacters);
        Objects.requireNonNull(terminalPunctuation, "terminalPunctuation");
        Objects.requireNonNull(generationLength, "generationLength");
    }

    /** pocket-tts 1.0.1: short prompts always padded, a "." after a final letter or digit, no option. */
    public static TextRules v1_0() {
        return V1_0;
    }

    /**
     * pocket-tts 2.1.0: the options {@code pad_with_spaces_for_short_inputs} and
     * {@code remove_semicolons} (2.1.0 has no other; the rest of {@code options} is not used), long
     * sentences cut at commas, the generation length from the token count.
     */
    public static TextRules v2_1(TextOptions options) {
        return new TextRules(options.padWithSpacesForShortInputs(), options.removeSemicolons(), Map.of(), true,
                TerminalPunctuation.AFTER_LETTER_OR_DIGIT, false, true, false, GenerationLength.FROM_TOKENS);
    }

    /**
     * pocket-tts 3.3: every option of {@code options}, decimal points kept together, long sentences
     * cut at commas, chunks prepared again before the model reads them, the generation length from
     * the token count.
     */
    public static TextRules v3_3(TextOptions options) {
        TerminalPunctuation terminal = options.appendTerminalPunctuation() ? TerminalPunctuation.CLOSE_SENTENCE
                : TerminalPunctuation.NONE;
        return new TextRules(options.padWithSpacesForShortInputs(), options.removeSemicolons(),
                options.replaceCharacters(), options.capitalizeFirstLetter(), terminal, true, true, true,
                GenerationLength.FROM_TOKENS);
    }
}
