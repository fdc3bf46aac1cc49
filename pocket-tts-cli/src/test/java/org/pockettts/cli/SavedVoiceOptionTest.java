package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.SavedVoices;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/** {@code generate --voice NAME} finds a saved voice in {@code --voices-dir}. */
class SavedVoiceOptionTest {

    @TempDir
    Path dir;

    private Cli.Result generate(Path out, String voice, String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("generate", "--config",
                Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", voice, "--text", "Hello.",
                "--temperature", "0", "--eos-threshold", "-8", "--output-path", out.toString(), "-q"));
        args.addAll(java.util.List.of(extra));
        return new Cli(dir).run(args.toArray(String[]::new));
    }

    @Test
    void aSavedVoiceIsNamedLikeAPredefinedOne() throws IOException {
        Path voices = dir.resolve("voices");
        new SavedVoices(voices).save("mine", Fixtures.tinyModel().voice(Fixtures.tiny("voice.wav")));
        Path byName = dir.resolve("by-name.wav");
        Cli.Result r = generate(byName, "mine", "--voices-dir", voices.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Path byFile = dir.resolve("by-file.wav");
        assertThat(generate(byFile, Fixtures.tiny("voice.wav").toString()).exitCode()).isZero();
        assertThat(Wav.samples(Files.readAllBytes(byName))).containsExactly(Wav.samples(Files.readAllBytes(byFile)));

        Cli.Result unknown = generate(dir.resolve("x.wav"), "yours", "--voices-dir", voices.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errorLines()).singleElement().asString().startsWith("Error: Unknown voice 'yours'")
                .contains("saved in " + voices.toAbsolutePath() + ": mine");
    }
}
