package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pockettts.api.InvalidInputException;
import org.pockettts.testing.Fixtures;
import org.pockettts.text.TextPreparation.Prepared;

class TextPreparationTest {

    private static final SentencePieceTokenizer TINY = SentencePieceTokenizer.load(Fixtures.tiny("tokenizer.model"));

    @Test
    void preparesEveryTinyFixtureCaseExactlyAsTheReference() {
        JsonNode cases = Fixtures.golden().get("prepare_text_prompt");
        assertThat(cases.size()).isGreaterThan(5);
        for (JsonNode c : cases) {
            Prepared prepared = TextPreparation.prepareTextPrompt(c.get("text").asText());
            assertThat(prepared.text()).as("prepared %s", c.get("text")).isEqualTo(c.get("prepared").asText());
            assertThat(prepared.framesAfterEosGuess()).as("frames after EOS for %s", c.get("text"))
                    .isEqualTo(c.get("frames_after_eos_guess").asInt());
        }
    }

    @Test
    void splitsEveryTinyFixtureCaseIntoTheReferenceChunks() {
        JsonNode cases = Fixtures.golden().get("split_into_best_sentences");
        assertThat(cases.size()).isGreaterThan(3);
        for (JsonNode c : cases) {
            List<String> expected = new ArrayList<>();
            c.get("chunks").forEach(chunk -> expected.add(chunk.asText()));
            assertThat(TextPreparation.splitIntoBestSentences(TINY, c.get("text").asText(), 50))
                    .as("chunks of %s", c.get("text")).containsExactlyElementsOf(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t\r", "\u00A0\u3000\u2029"})
    void rejectsEmptyOrWhitespaceOnlyText(String text) {
        assertThatThrownBy(() -> TextPreparation.prepareTextPrompt(text))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Text prompt cannot be empty");
        assertThatThrownBy(() -> TextPreparation.splitIntoBestSentences(TINY, text, 50))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void stripsWhatPythonCallsWhitespaceButNotZeroWidthSpace() {
        assertThat(TextPreparation.prepareTextPrompt("\u00A0\u2003hello there\u3000\u0085").text())
                .isEqualTo("        Hello there.");
        assertThat(TextPreparation.prepareTextPrompt("\u200Bhi").text()).isEqualTo("        \u200Bhi.");
    }

    @Test
    void halvesRunsOfSpacesInOnePassOnly() {
        assertThat(TextPreparation.prepareTextPrompt("a   b").text()).isEqualTo("        A  b.");
        assertThat(TextPreparation.prepareTextPrompt("a \n\r b").text()).isEqualTo("        A  b.");
    }

    @Test
    void uppercasesTheFirstCharacterWithPythonsFullCaseMapping() {
        assertThat(TextPreparation.prepareTextPrompt("\u00DFtra\u00DFe").text()).isEqualTo("        SStra\u00DFe.");
        assertThat(TextPreparation.prepareTextPrompt("\u01C6emal").text()).isEqualTo("        \u01C4emal.");
        assertThat(TextPreparation.prepareTextPrompt("\uD801\uDC28x").text()).isEqualTo("        \uD801\uDC00x.");
        assertThat(TextPreparation.prepareTextPrompt("3 apples").text()).isEqualTo("        3 apples.");
        // Other_Uppercase counts as uppercase, so a circled capital is left alone.
        assertThat(TextPreparation.prepareTextPrompt("\u24B6 b").text()).isEqualTo("        \u24B6 b.");
    }

    @Test
    void appendsAPeriodOnlyAfterALetterOrANumericCharacter() {
        assertThat(TextPreparation.prepareTextPrompt("x\u00B2").text()).isEqualTo("        X\u00B2.");
        assertThat(TextPreparation.prepareTextPrompt("half \u00BD").text()).isEqualTo("        Half \u00BD.");
        assertThat(TextPreparation.prepareTextPrompt("year \u216B").text()).isEqualTo("        Year \u216B.");
        assertThat(TextPreparation.prepareTextPrompt("\u65E5\u672C").text()).isEqualTo("        \u65E5\u672C.");
        assertThat(TextPreparation.prepareTextPrompt("wow!").text()).isEqualTo("        Wow!");
        assertThat(TextPreparation.prepareTextPrompt("cafe\u0301").text()).isEqualTo("        Cafe\u0301");
        assertThat(TextPreparation.prepareTextPrompt("smile \uD83D\uDE42").text())
                .isEqualTo("        Smile \uD83D\uDE42");
    }

    @Test
    void guessesThreeFramesAfterEosUpToFourWordsAndPadsBelowFiveWords() {
        Prepared four = TextPreparation.prepareTextPrompt("one two three four");
        assertThat(four.framesAfterEosGuess()).isEqualTo(3);
        assertThat(four.text()).isEqualTo("        One two three four.");
        Prepared five = TextPreparation.prepareTextPrompt("one two three four five");
        assertThat(five.framesAfterEosGuess()).isEqualTo(1);
        assertThat(five.text()).isEqualTo("One two three four five.");
    }

    @Test
    void countsWordsAsPythonSplits() {
        assertThat(TextPreparation.countWords("")).isZero();
        assertThat(TextPreparation.countWords("  a  b\tc\n")).isEqualTo(3);
        assertThat(TextPreparation.countWords("a\u00A0b\u202Fc\u3000d")).isEqualTo(4);
        assertThat(TextPreparation.countWords("a\u200Bb")).isEqualTo(1);
        assertThat(TextPreparation.countWords("\u00A0")).isZero();
    }

    @Test
    void packsSentencesGreedilyUpToTheTokenLimit() {
        String text = "One. Two. Three. Four.";
        List<String> separate = TextPreparation.splitIntoBestSentences(TINY, text, 1);
        assertThat(separate).containsExactly("One.", "Two.", "Three.", "Four.");
        assertThat(TextPreparation.splitIntoBestSentences(TINY, text, 1000)).containsExactly("One. Two. Three. Four.");
        int firstTwo = TINY.encode("One. Two.").length;
        assertThat(TextPreparation.splitIntoBestSentences(TINY, text, firstTwo))
                .first().isEqualTo("One. Two.");
    }

    @Test
    void keepsASentenceLongerThanTheLimitWhole() {
        String sentence = "this sentence has far more tokens than the limit allows";
        assertThat(TextPreparation.splitIntoBestSentences(TINY, sentence, 3))
                .containsExactly("This sentence has far more tokens than the limit allows.");
    }

    @Test
    void endsASentenceOnlyAfterARunOfEndTokensEndsBeforeAnotherToken() {
        assertThat(TextPreparation.splitIntoBestSentences(TINY, "Wait...?! Go. Now", 1))
                .containsExactly("Wait...?!", "Go.", "Now.");
    }
}
