package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pockettts.GenerationOptions;
import org.pockettts.formats.AudioFormat;

/** Each rule of a row, with the message that names what is wrong. */
class RowRulesTest {

    private static final RowDefaults DEFAULTS = new RowDefaults("alba", GenerationOptions.defaults().withTemperature(0.5f),
            AudioFormat.WAV, "english");
    private static final RowRules RULES = new RowRules(DEFAULTS);

    private static RawRow row(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return RawRow.of(3, "line 4", values);
    }

    private static String error(RawRow row) {
        Checked c = RULES.check(row, null);
        assertThat(c).isInstanceOf(Rejected.class);
        return ((Rejected) c).message();
    }

    private static Job job(RawRow row) {
        Checked c = RULES.check(row, null);
        assertThat(c).as("%s", c).isInstanceOf(Job.class);
        return (Job) c;
    }

    @Test
    void aValidRowTakesTheDefaultsForWhatItLeavesOut() {
        Job j = job(row("id", " intro-1.a_b ", "text", "Hello."));
        assertThat(j.id()).isEqualTo("intro-1.a_b");
        assertThat(j.fileName()).isEqualTo("intro-1.a_b.wav");
        assertThat(j.voice()).isEqualTo("alba");
        assertThat(j.options().temperature()).isEqualTo(0.5f);
        assertThat(j.seed()).isEqualTo(Seeds.fromId("intro-1.a_b"));
        assertThat(j.ordinal()).isEqualTo(3);
    }

    @Test
    void aRowsOwnValuesReplaceTheDefaults() {
        Job j = job(row("id", "a", "text", "Hi.", "seed", "-12", "temperature", "1e-1", "format", " OPUS ",
                "voice", "marius", "language", "en-GB"));
        assertThat(j.seed()).isEqualTo(-12L);
        assertThat(j.options().temperature()).isEqualTo(0.1f);
        assertThat(j.format()).isEqualTo(AudioFormat.OPUS);
        assertThat(j.fileName()).isEqualTo("a.opus");
        assertThat(j.voice()).isEqualTo("marius");
        assertThat(job(row("id", "a", "text", "Hi.", "language", "English")).id()).isEqualTo("a");
    }

    @Test
    void theCommandsSeedIsTheSeedOfRowsWithoutOne() {
        RowRules rules = new RowRules(new RowDefaults("alba", GenerationOptions.defaults().withSeed(7L),
                AudioFormat.WAV, null));
        assertThat(((Job) rules.check(row("id", "a", "text", "x"), null)).seed()).isEqualTo(7L);
        assertThat(((Job) rules.check(row("id", "a", "text", "x", "seed", "8"), null)).seed()).isEqualTo(8L);
    }

    @Test
    void idsAreRequiredAndNameFilesSafely() {
        assertThat(error(row("text", "x"))).isEqualTo("line 4: the row has no id; give each row a unique id of"
                + " letters, digits, '.', '_' or '-'");
        assertThat(error(row("id", "  ", "text", "x"))).startsWith("line 4: the row has no id");
        assertThat(error(row("id", "a/b", "text", "x"))).isEqualTo("line 4: the id 'a/b' may hold only letters A-Z"
                + " and a-z, digits, '.', '_' and '-'");
        assertThat(error(row("id", "caf\u00e9", "text", "x"))).contains("may hold only letters");
        assertThat(error(row("id", "..", "text", "x"))).isEqualTo("line 4: the id '..' starts with '.'; ids name"
                + " files, which would be hidden");
        assertThat(error(row("id", ".", "text", "x"))).contains("starts with '.'");
        assertThat(job(row("id", "x".repeat(RowRules.MAX_ID_LENGTH), "text", "x")).id()).hasSize(128);
        Checked tooLong = RULES.check(row("id", "x".repeat(RowRules.MAX_ID_LENGTH + 1), "text", "x"), null);
        assertThat(((Rejected) tooLong).message()).isEqualTo("line 4: the id is 129 characters long; at most 128"
                + " are allowed");
        assertThat(((Rejected) tooLong).id()).hasSize(40).endsWith("...");
    }

    @Test
    void aRepeatedIdNamesTheRowThatHasIt() {
        RawRow again = row("id", "Intro", "text", "x");
        Rejected same = (Rejected) RULES.check(again, new RowRules.Duplicate("Intro", "line 2"));
        assertThat(same.message()).isEqualTo("line 4: the id 'Intro' is taken by an earlier row (line 2); ids must be"
                + " unique");
        Rejected cased = (Rejected) RULES.check(again, new RowRules.Duplicate("intro", "line 2"));
        assertThat(cased.message()).isEqualTo("line 4: the id 'Intro' differs only in case from the id 'intro' of an"
                + " earlier row (line 2); their files would be one on systems that ignore case (macOS, Windows), so ids"
                + " must differ in more than case");
        assertThat(RowRules.idKey("Intro")).isEqualTo(RowRules.idKey("iNTRO"));
        assertThat(RowRules.validId(again)).isEqualTo("Intro");
        assertThat(RowRules.validId(row("id", "a b"))).isNull();
        assertThat(RowRules.validId(RawRow.unreadable(0, "line 1", "bad"))).isNull();
    }

    @Test
    void eachBadValueIsNamedWithWhatIsAllowed() {
        assertThat(error(row("id", "a", "text", "  \n"))).isEqualTo("line 4: the text is empty; give each row"
                + " something to speak");
        assertThat(error(row("id", "a"))).contains("the text is empty");
        assertThat(error(row("id", "a", "text", "x", "seed", "1.5"))).isEqualTo("line 4: the seed '1.5' is not a whole"
                + " number from -9223372036854775808 to 9223372036854775807");
        assertThat(error(row("id", "a", "text", "x", "seed", "9223372036854775808"))).contains("is not a whole number");
        assertThat(error(row("id", "a", "text", "x", "temperature", "hot"))).isEqualTo("line 4: the temperature 'hot'"
                + " is not a number; give one from 0 to 10");
        assertThat(error(row("id", "a", "text", "x", "temperature", "NaN"))).contains("is not a number");
        assertThat(error(row("id", "a", "text", "x", "temperature", "11"))).isEqualTo("line 4: temperature must be a"
                + " number from 0 to 10, got 11.0");
        assertThat(error(row("id", "a", "text", "x", "format", "aac"))).isEqualTo("line 4: Unsupported audio format"
                + " 'aac': the supported formats are wav, pcm, mp3, opus, flac");
        // Voices are checked by the model, which knows its own names: BatchCommandTest covers an unknown one.
    }

    @Test
    void aRowMustAskForTheLoadedModelsLanguage() {
        assertThat(error(row("id", "a", "text", "x", "language", "de"))).isEqualTo("line 4: the row asks for german,"
                + " but the loaded model speaks english; give german rows to a run with a model of that language");
        assertThat(error(row("id", "a", "text", "x", "language", "klingon"))).isEqualTo("line 4: the language"
                + " 'klingon' is not one Pocket TTS speaks; the languages are english (en), french (fr), german (de),"
                + " spanish (es), italian (it), portuguese (pt), dutch (nl)");
        RowRules unknownModel = new RowRules(new RowDefaults("alba", GenerationOptions.defaults(), AudioFormat.WAV, null));
        assertThat(unknownModel.check(row("id", "a", "text", "x", "language", "de"), null)).isInstanceOf(Job.class);
    }

    @Test
    void rejectedRowsKeepTheirSeedWhenItIsKnown() {
        Rejected r = (Rejected) RULES.check(row("id", "a", "text", ""), null);
        assertThat(r.seed()).isEqualTo(Seeds.fromId("a"));
        assertThat(r.id()).isEqualTo("a");
        Rejected unreadable = (Rejected) RULES.check(RawRow.unreadable(5, "line 9", "malformed JSON: x"), null);
        assertThat(unreadable).isEqualTo(new Rejected(5, null, null, "line 9: malformed JSON: x"));
    }
}
