package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pockettts.api.InvalidInputException;
import org.pockettts.text.SpeechSegment.Pause;
import org.pockettts.text.SpeechSegment.Text;

class SsmlTest {

    private static List<SpeechSegment> segments(String ssml) {
        Markup.Parsed parsed = Markup.parse(ssml);
        assertThat(parsed.warnings()).isEmpty();
        return parsed.segments();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<break time=\"1.5s\"/>             | 1.5",
        "<break time=\"300ms\"/>            | 0.3",
        "<break time=\"2s\"></break>        | 2.0",
        "<break time=\"1s\" strength=\"weak\"/> | 1.0",
        "<break/>                           | 0.5",
        "<break strength=\"x-weak\"/>       | 0.1",
        "<break strength=\"weak\"/>         | 0.3",
        "<break strength=\"medium\"/>       | 0.5",
        "<break strength=\"strong\"/>       | 0.75",
        "<break strength=\"x-strong\"/>     | 1.25",
        "[pause:2s]                         | 2.0",
    })
    void breaks(String element, double seconds) {
        assertThat(segments("<speak>One " + element + " two</speak>")).containsExactly(new Text("One"), new Pause(seconds), new Text("two"));
    }

    @Test
    void strengthNoneIsNoBreak() {
        assertThat(segments("<speak>One <break strength=\"none\"/> two</speak>")).containsExactly(new Text("One two"));
    }

    @Test
    void paragraphsAndSentencesArePausesBetweenText() {
        assertThat(segments("""
                <speak>
                  <p><s>First sentence.</s><s>Second one.</s></p>
                  <p>A new paragraph.</p>
                </speak>
                """)).containsExactly(
                new Text("First sentence."), new Pause(0.3), new Text("Second one."), new Pause(0.75), new Text("A new paragraph."));
    }

    @Test
    void anExplicitBreakBesideABoundaryCountsWhenLonger() {
        assertThat(segments("<speak><p>One</p><break time=\"2s\"/><p>Two</p></speak>"))
                .containsExactly(new Text("One"), new Pause(2.0), new Text("Two"));
        assertThat(segments("<speak><p>One</p><break time=\"100ms\"/><p>Two</p></speak>"))
                .containsExactly(new Text("One"), new Pause(0.75), new Text("Two"));
        assertThat(segments("<speak><break/><break time=\"1s\"/>One</speak>")).containsExactly(new Pause(1.5), new Text("One"));
    }

    @Test
    void entitiesAreDecodedAndWhitespaceCollapsed() {
        assertThat(segments("<speak>Tom &amp; Jerry &lt;3 &gt; &quot;q&quot; &apos;a&apos; caf&#233; &#x41;\n   <!-- a comment -->"
                + " <![CDATA[x < y]]></speak>")).containsExactly(new Text("Tom & Jerry <3 > \"q\" 'a' café A x < y"));
    }

    @Test
    void speakTakesItsStandardAttributes() {
        assertThat(segments("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<speak version=\"1.1\" xmlns=\"http://www.w3.org/2001/10/synthesis\""
                + " xml:lang=\"en-US\">Hi</speak>\n")).containsExactly(new Text("Hi"));
    }

    @Test
    void longBreaksAreShortenedWithAWarning() {
        Markup.Parsed parsed = Markup.parse("<speak>A<break time=\"8s\"/><break time=\"4s\"/>B</speak>");
        assertThat(parsed.segments()).containsExactly(new Text("A"), new Pause(10.0), new Text("B"));
        assertThat(parsed.warnings()).singleElement().asString().contains("lasts 12 s").contains("shortened to 10 s");
    }

    @Test
    void emptySpeakIsRefused() {
        assertThatThrownBy(() -> Markup.parse("<speak> <p> </p> </speak>")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("Text prompt cannot be empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<speak>Hi <emphasis>there</emphasis></speak>     | Unsupported SSML element <emphasis> near line 1, column",
        "<speak>Hi <break time=\"abc\"/></speak>           | Invalid <break time=\"abc\"> near line 1, column",
        "<speak>Hi <break time=\"-1s\"/></speak>           | Invalid <break time=\"-1s\"> near line 1, column",
        "<speak>Hi <break time=\"2\"/></speak>             | Invalid <break time=\"2\"> near line 1, column",
        "<speak>Hi <break strength=\"loud\"/></speak>      | Unknown <break strength=\"loud\"> near line 1, column",
        "<speak>Hi <break duration=\"1s\"/></speak>        | Unsupported attribute duration on <break>",
        "<speak>Hi <break>x</break></speak>                | <break> must be empty",
        "<speak>Hi <p class=\"x\">a</p></speak>            | Unsupported attribute class on <p>",
        "<speak rate=\"fast\">Hi</speak>                   | Unsupported attribute rate=\"fast\" on <speak>",
        "<speak xmlns=\"http://example.com/\">Hi</speak>   | Unsupported attribute xmlns=\"http://example.com/\" on <speak>",
        "<speak><s><p>Hi</p></s></speak>                   | <p> cannot be inside <s>",
        "<speak><p><p>Hi</p></p></speak>                   | <p> cannot be inside <p>",
        "<speak><s><s>Hi</s></s></speak>                   | <s> cannot be inside <s>",
        "<speak><speak>Hi</speak></speak>                  | <speak> cannot be nested",
        "<speak>Hi</speak> and more                        | Text after </speak> near line 1, column",
        "<speak>Hi</speak><speak>again</speak>             | Text after </speak> near line 1, column",
        "<speak><p>Hi</speak>                              | Invalid SSML near line 1, column",
        "<speak><p>Hi                                      | Unclosed <p> (opened near line 1, column 11): close it with </p>",
        "<speak>Hi                                         | Unclosed <speak> (opened near line 1, column 8): close it with </speak>",
        "<speak>Tom & Jerry</speak>                        | Invalid SSML near line 1, column",
        "<speak>Hi<?php echo 1 ?></speak>                  | SSML cannot contain a processing instruction (<?php …?>)",
        "<?xml version=\"1.0\"?><p>Hi</p>                  | The SSML root element must be <speak>, not <p>",
        "<speak>a [pause:zz] b</speak>                     | Malformed pause tag \"[pause:zz]\" near line 1, column 10",
    })
    void unsupportedOrInvalidSsmlIsAnError(String ssml, String message) {
        assertThatThrownBy(() -> Markup.parse(ssml)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(message);
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE speak [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n<speak>&xxe;</speak>";
        assertThatThrownBy(() -> Markup.parse(xxe)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("SSML cannot contain a document type declaration (<!DOCTYPE …>) near line 2")
                .message().doesNotContain("TOP-SECRET");
        String parameterEntity = "<?xml version=\"1.0\"?><!DOCTYPE speak [<!ENTITY % p SYSTEM \"" + secret.toUri() + "\"> %p;]><speak>x</speak>";
        assertThatThrownBy(() -> Markup.parse(parameterEntity)).hasMessageStartingWith("SSML cannot contain a document type declaration");
    }

    @Test
    void entityExpansionBombsAreRefused() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE speak [\n<!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">\n");
        }
        bomb.append("]>\n<speak>&lol9;</speak>");
        assertThatThrownBy(() -> Markup.parse(bomb.toString())).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("SSML cannot contain a document type declaration");
    }

    @Test
    void aDoctypeWithoutEntitiesIsRefusedToo() {
        assertThatThrownBy(() -> Markup.parse("<?xml version=\"1.0\"?><!DOCTYPE speak><speak>Hi</speak>"))
                .hasMessageStartingWith("SSML cannot contain a document type declaration");
    }
}
