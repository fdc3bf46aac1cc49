package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --language}, {@code --compat} and the per-model voices on every command that loads a model,
 * as far as they can be seen without the real weights: offline with an empty cache, a command names
 * the pinned Hub file of the language it could not get.
 */
class LanguageOptionsTest {

    @TempDir
    Path dir;

    private Cli offline() {
        return new Cli(dir).env("HF_HUB_OFFLINE", "1");
    }

    private static String lastLine(Cli.Result r) {
        String[] lines = r.errorLines();
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    @Test
    void everyModelCommandTakesTheLanguageAndLooksForItsPinnedFiles() throws java.io.IOException {
        String[][] commands = {
            {"generate", "--language", "german_24l", "--output-path", dir.resolve("g.wav").toString()},
            {"export-voice", dir.resolve("v.wav").toString(), dir.resolve("v.safetensors").toString(), "--language",
                "german_24l"},
            {"serve", "--language", "german_24l", "--port", "0"},
            {"bench", "--language", "german_24l", "--runs", "1"},
        };
        org.pockettts.audio.WavWriter.writeFile(dir.resolve("v.wav"), new float[24000], 24000);
        for (String[] command : commands) {
            Cli.Result r = offline().run(command);
            assertThat(r.exitCode()).as(command[0] + ": " + r.stderr()).isEqualTo(1);
            assertThat(lastLine(r)).as(command[0]).startsWith("Error: Cannot load the model weights")
                    .contains("languages/german_24l/model.safetensors@2dd944b099d06bb9edbd221fef138685711d9bf0")
                    .contains("offline");
        }
    }

    @Test
    void theVoicesAreTheLanguagesAndAreCheckedBeforeAnythingIsLoaded() {
        Cli.Result generate = offline().run("generate", "--language", "german", "--voice", "nobody", "--output-path",
                dir.resolve("g.wav").toString());
        assertThat(generate.exitCode()).isEqualTo(1);
        assertThat(lastLine(generate)).isEqualTo("Error: Unknown voice 'nobody'. Available voices: alba, anna, azelma,"
                + " bill_boerst, caro_davy, charles, cosette, daan, eponine, estelle, eve, fantine, george, giovanni,"
                + " jane, javert, jean, juergen, lola, marius, mary, michael, paul, peter_yearsley, rafael, stuart_bell,"
                + " vera; or give the path or URL of a WAV recording or of a voice .safetensors file");
        Cli.Result serve = offline().run("serve", "--language", "french", "--default-voice", "nobody");
        assertThat(lastLine(serve)).startsWith("Error: Unknown voice 'nobody'. Available voices: alba, anna");
        // juergen is one of German's voices but not of the built-in variant's.
        Cli.Result variant = offline().run("generate", "--voice", "juergen", "--output-path", dir.resolve("j.wav").toString());
        assertThat(lastLine(variant)).startsWith("Error: Unknown voice 'juergen'. Available voices: alba, marius");
    }

    @Test
    void theHelpOfEachModelCommandListsTheModelOptions() {
        for (String command : new String[] {"generate", "export-voice", "serve", "bench"}) {
            Cli.Result r = new Cli(dir).run(command, "--help");
            String usage = new String(r.stdout(), StandardCharsets.UTF_8);
            assertThat(usage).as(command).contains("--language").contains("--compat").contains("--config")
                    .contains("--variant");
        }
        String generate = new String(new Cli(dir).run("generate", "--help").stdout(), StandardCharsets.UTF_8);
        assertThat(generate).contains("--sampler-decode-steps").contains("--lsd-decode-steps");
        String serve = new String(new Cli(dir).run("serve", "--help").stdout(), StandardCharsets.UTF_8);
        assertThat(serve).contains("--default-voice");
    }
}
