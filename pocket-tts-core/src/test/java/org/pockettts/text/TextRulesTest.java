package org.pockettts.text;

import org.pockettts.config.TextOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;

class TextRulesTest {

    @Test
    void refusesAReplacementKeyThatIsNotOneCharacter() {
        assertThatThrownBy(() -> TextRules.v3_3(new TextOptions(false, false, true, true, Map.of("ab", "c"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replace_characters: each key must be exactly one character, not \"ab\"");
        // A character outside the Basic Multilingual Plane is one character, as in Python.
        assertThat(TextRules.v3_3(new TextOptions(false, false, true, true, Map.of("\uD83D\uDE42", "smile")))
                .replaceCharacters()).containsEntry("\uD83D\uDE42", "smile");
    }

    @Test
    void v2_1KnowsOnlyItsTwoOptions() {
        TextOptions options = new TextOptions(true, true, false, false, Map.of("x", "y"));
        TextRules rules = TextRules.v2_1(options);
        assertThat(rules.padWithSpacesForShortInputs()).isTrue();
        assertThat(rules.removeSemicolons()).isTrue();
        assertThat(TextPreparation.prepareTextPrompt("x; y", rules).text()).isEqualTo("        X, y.");
    }

    @Test
    void explainsWhyATextWithNothingLeftAfterReplacementsIsRefused() {
        TextRules rules = TextRules.v3_3(new TextOptions(false, false, true, true, Map.of("\"", "", "(", "", ")", "")));
        assertThatThrownBy(() -> TextPreparation.prepareTextPrompt(" (\"\") ", rules))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("Text prompt cannot be empty (nothing is left of \"(\"\")\" once the model's "
                        + "replace_characters are applied)");
    }

    @Test
    void framesAfterEosAreTheCallersElseTheModelsElseTheGuessPlusTwo() {
        assertThat(ChunkPlanner.framesAfterEos(4, 8, 3)).isEqualTo(4);
        assertThat(ChunkPlanner.framesAfterEos(null, 8, 3)).isEqualTo(8);
        assertThat(ChunkPlanner.framesAfterEos(null, null, 3)).isEqualTo(5);
        assertThat(ChunkPlanner.framesAfterEos(0, null, 1)).isZero();
    }

    @Test
    void generationLengthsFollowTheirReleasesFormulas() {
        // 1.0.1: int((words + 2) * 12.5); 2.x: ceil((tokens / 3 + 2) * 12.5).
        assertThat(GenerationLength.FROM_WORDS.maxFrames("Hello world.", 9, 12.5)).isEqualTo(50);
        assertThat(GenerationLength.FROM_WORDS.maxFrames("one two three", 9, 12.5)).isEqualTo(62);
        assertThat(GenerationLength.FROM_TOKENS.maxFrames("Hello world.", 9, 12.5)).isEqualTo(63);
        assertThat(GenerationLength.FROM_TOKENS.maxFrames("", 25, 12.5)).isEqualTo(130);
        assertThat(GenerationLength.FROM_TOKENS.maxFrames("", 3, 12.5)).isEqualTo(38);
    }
}
