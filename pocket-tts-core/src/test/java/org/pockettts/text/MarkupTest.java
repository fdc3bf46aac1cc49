package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pockettts.api.InvalidInputException;
import org.pockettts.text.SpeechSegment.Pause;
import org.pockettts.text.SpeechSegment.Text;

class MarkupTest {

    private static List<SpeechSegment> segments(String text) {
        Markup.Parsed parsed = Markup.parse(text);
        assertThat(parsed.warnings()).isEmpty();
        return parsed.segments();
    }

    @Test
    void textWithoutMarkupIsOneSegmentWithoutSurroundingWhitespace() {
        assertThat(segments("  Hello world. [laughs] Fine [paused] [pauses] [ pause-time ]\n"))
                .containsExactly(new Text("Hello world. [laughs] Fine [paused] [pauses] [ pause-time ]"));
    }

    @Test
    void bracketedTextOtherThanPauseStaysText() {
        assertThat(segments("She said [laughs] yes")).containsExactly(new Text("She said [laughs] yes"));
    }

    @Test
    void bareTagIsHalfASecond() {
        assertThat(segments("Hello [pause] world")).containsExactly(new Text("Hello"), new Pause(0.5), new Text("world"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[pause:1.5s]      | 1.5",
        "[pause:300ms]     | 0.3",
        "[pause:.5s]       | 0.5",
        "[pause:2.s]       | 2.0",
        "[pause:2S]        | 2.0",
        "[PAUSE:250MS]     | 0.25",
        "[Pause]           | 0.5",
        "[ pause : 1.5 s ] | 1.5",
        "[pause: 300 ms]   | 0.3",
        "[pause:0s]        | 0.0",
        "[pause:10s]       | 10.0",
        "[pause:10000ms]   | 10.0",
    })
    void tagForms(String tag, double seconds) {
        assertThat(segments("One " + tag + " two")).containsExactly(new Text("One"), new Pause(seconds), new Text("two"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[pause:abc]  | Malformed pause tag \"[pause:abc]\" at line 1, column 5: \"abc\" is not a length",
        "[pause:-1s]  | Malformed pause tag \"[pause:-1s]\" at line 1, column 5: a pause cannot be negative",
        "[pause:1.5]  | Malformed pause tag \"[pause:1.5]\" at line 1, column 5: \"1.5\" has no unit (s or ms)",
        "[pause:]     | Malformed pause tag \"[pause:]\" at line 1, column 5: no length is given",
        "[pause:1,5s] | Malformed pause tag \"[pause:1,5s]\" at line 1, column 5: \"1,5s\" is not a length",
        "[pause:2 min]| Malformed pause tag \"[pause:2 min]\" at line 1, column 5: \"2 min\" is not a length",
        "[pause 2s]   | Malformed pause tag \"[pause 2s]\" at line 1, column 5.",
        "[pause:2s    | Unclosed pause tag \"[pause:2s\" at line 1, column 5: it needs a closing \"]\"",
        "[pause       | Unclosed pause tag \"[pause\" at line 1, column 5",
    })
    void malformedTagsAreErrorsNamingTagPlaceAndAcceptedForms(String tag, String message) {
        assertThatThrownBy(() -> Markup.parse("One " + tag))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(message)
                .hasMessageContaining("Write [pause] (0.5 s), or [pause:LENGTH]")
                .hasMessageContaining("1.5s or 300ms");
    }

    @Test
    void unclosedTagEndsAtTheLineOrTheNextBracket() {
        assertThatThrownBy(() -> Markup.parse("A [pause:2s\nB")).hasMessageStartingWith("Unclosed pause tag \"[pause:2s\" at line 1, column 3");
        assertThatThrownBy(() -> Markup.parse("A [pause:2s [pause] B")).hasMessageStartingWith("Unclosed pause tag \"[pause:2s \" at line 1, column 3");
    }

    @Test
    void positionCountsLinesAndCharacters() {
        assertThatThrownBy(() -> Markup.parse("First line\nsecond 😀 line [pause:x]"))
                .hasMessageStartingWith("Malformed pause tag \"[pause:x]\" at line 2, column 15");
    }

    @Test
    void adjacentPausesAddUp() {
        assertThat(segments("A [pause] [pause:1s]\n[pause:200ms] B")).containsExactly(new Text("A"), new Pause(1.7), new Text("B"));
    }

    @Test
    void pausesLongerThanTheMaximumAreShortenedWithAWarning() {
        Markup.Parsed single = Markup.parse("A [pause:12s] B");
        assertThat(single.segments()).containsExactly(new Text("A"), new Pause(10.0), new Text("B"));
        assertThat(single.warnings()).containsExactly(
                "The pause at line 1, column 3 lasts 12 s, longer than the maximum of 10 s: it is shortened to 10 s");

        Markup.Parsed added = Markup.parse("A [pause:6s][pause:5000ms] B");
        assertThat(added.segments()).containsExactly(new Text("A"), new Pause(10.0), new Text("B"));
        assertThat(added.warnings()).singleElement().asString().contains("lasts 11 s");

        Markup.Parsed justAbove = Markup.parse("A [pause:10001ms] B");
        assertThat(justAbove.segments()).contains(new Pause(10.0));
        assertThat(justAbove.warnings()).singleElement().asString().contains("lasts 10.001 s");
    }

    @Test
    void pausesAtTheEdgesAreKept() {
        assertThat(segments("[pause:1s] Hello [pause:2s]")).containsExactly(new Pause(1.0), new Text("Hello"), new Pause(2.0));
    }

    @Test
    void onlyPausesIsSilence() {
        assertThat(segments(" [pause:1s] [pause] ")).containsExactly(new Pause(1.5));
    }

    @Test
    void emptyTextIsRefused() {
        assertThatThrownBy(() -> Markup.parse(" \n ")).isInstanceOf(InvalidInputException.class)
                .hasMessage("Text prompt cannot be empty (there is no text and no pause to speak)");
    }

    @Test
    void textIsKeptAsWritten() {
        assertThat(segments("Line one,\n  line  two.[pause]Next"))
                .containsExactly(new Text("Line one,\n  line  two."), new Pause(0.5), new Text("Next"));
    }

    @Test
    void mapTextTransformsOnlyText() {
        Markup.Parsed parsed = Markup.parse("a [pause:12s] b").mapText(String::toUpperCase);
        assertThat(parsed.segments()).containsExactly(new Text("A"), new Pause(10.0), new Text("B"));
        assertThat(parsed.warnings()).hasSize(1);
    }

    @Test
    void sampleCountsRoundToTheNearestSample() {
        assertThat(new Pause(0.5).samples(24_000)).isEqualTo(12_000);
        assertThat(new Pause(0.3).samples(24_000)).isEqualTo(7_200);
        assertThat(new Pause(10.0).samples(24_000)).isEqualTo(240_000);
        assertThat(new Pause(0.0).samples(24_000)).isZero();
        // 0.5 sample rounds up, 0.4 sample down.
        assertThat(new Pause(1.0 / 48_000).samples(24_000)).isEqualTo(1);
        assertThat(new Pause(0.4 / 24_000).samples(24_000)).isZero();
        assertThat(new Pause(0.001).samples(44_100)).isEqualTo(44);
    }

    @Test
    void segmentsRefuseWhatCannotBeGenerated() {
        assertThatThrownBy(() -> new Pause(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pause(10.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pause(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Text(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Pause(1).samples(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ssmlIsRecognisedOnlyAtTheStart() {
        assertThat(Markup.isSsml("  \n<speak>Hi</speak>")).isTrue();
        assertThat(Markup.isSsml("<speak xml:lang=\"en\">Hi</speak>")).isTrue();
        assertThat(Markup.isSsml("<?xml version=\"1.0\"?><speak>Hi</speak>")).isTrue();
        assertThat(Markup.isSsml("Say <speak>Hi</speak>")).isFalse();
        assertThat(Markup.isSsml("<speaker>Hi")).isFalse();
        assertThat(segments("Say <break time=\"1s\"/> hi")).containsExactly(new Text("Say <break time=\"1s\"/> hi"));
    }
}
