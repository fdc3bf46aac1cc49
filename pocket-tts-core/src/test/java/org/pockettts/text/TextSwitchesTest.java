package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pockettts.testing.Fixtures;

/**
 * Each text switch of pocket-tts 3.3 matters: with that switch alone turned off (or, for the
 * choices, set to the 1.0.1 form), some entries of the 3.3 goldens no longer come out as the
 * reference's. Together with {@link TextRulesGoldenTest}, which passes with every switch as the
 * preset sets it, this shows which golden cases depend on which switch.
 */
class TextSwitchesTest {

    private static final SentencePieceTokenizer TINY = SentencePieceTokenizer.load(Fixtures.tinyV3("tokenizer.model"));

    /** One switch turned off in any rules. */
    enum Off {
        REPLACE_CHARACTERS(r -> new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(), Map.of(),
                r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                r.splitLongSentencesAtCommas(), r.reprepareChunks(), r.generationLength())),
        REMOVE_SEMICOLONS(r -> new TextRules(r.padWithSpacesForShortInputs(), false, r.replaceCharacters(),
                r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                r.splitLongSentencesAtCommas(), r.reprepareChunks(), r.generationLength())),
        PAD_WITH_SPACES_FOR_SHORT_INPUTS(r -> new TextRules(false, r.removeSemicolons(), r.replaceCharacters(),
                r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                r.splitLongSentencesAtCommas(), r.reprepareChunks(), r.generationLength())),
        CAPITALIZE_FIRST_LETTER(r -> new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(),
                r.replaceCharacters(), false, r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                r.splitLongSentencesAtCommas(), r.reprepareChunks(), r.generationLength())),
        APPEND_TERMINAL_PUNCTUATION(r -> withTerminalPunctuation(r, TerminalPunctuation.NONE)),
        TERMINAL_PUNCTUATION_OF_1_0(r -> withTerminalPunctuation(r, TerminalPunctuation.AFTER_LETTER_OR_DIGIT)),
        KEEP_DECIMAL_POINTS_TOGETHER(r -> new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(),
                r.replaceCharacters(), r.capitalizeFirstLetter(), r.terminalPunctuation(), false,
                r.splitLongSentencesAtCommas(), r.reprepareChunks(), r.generationLength())),
        SPLIT_LONG_SENTENCES_AT_COMMAS(r -> new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(),
                r.replaceCharacters(), r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                false, r.reprepareChunks(), r.generationLength())),
        REPREPARE_CHUNKS(r -> new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(),
                r.replaceCharacters(), r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                r.splitLongSentencesAtCommas(), false, r.generationLength())),
        GENERATION_LENGTH_FROM_TOKENS(r -> new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(),
                r.replaceCharacters(), r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                r.splitLongSentencesAtCommas(), r.reprepareChunks(), GenerationLength.FROM_WORDS));

        final UnaryOperator<TextRules> apply;

        Off(UnaryOperator<TextRules> apply) {
            this.apply = apply;
        }

        private static TextRules withTerminalPunctuation(TextRules r, TerminalPunctuation terminal) {
            return new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(), r.replaceCharacters(),
                    r.capitalizeFirstLetter(), terminal, r.keepDecimalPointsTogether(), r.splitLongSentencesAtCommas(),
                    r.reprepareChunks(), r.generationLength());
        }
    }

    @ParameterizedTest
    @EnumSource(Off.class)
    void someV3GoldenDependsOnTheSwitch(Off off) {
        List<String> mismatches = GoldenTextChecks.v3(TINY, off.apply);
        assertThat(mismatches).as("3.3 goldens that fail with %s off", off).isNotEmpty();
        System.out.printf("%s off: %d golden entries differ, e.g. %s%n", off, mismatches.size(), mismatches.get(0));
    }
}
