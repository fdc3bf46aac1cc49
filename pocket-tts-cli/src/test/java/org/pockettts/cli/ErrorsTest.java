package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** Every mistake a user can make ends in one line saying what is wrong, a non-zero exit and no output file. */
class ErrorsTest {

    @TempDir
    Path dir;

    private Cli.Result generate(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny("voice.wav").toString(), "--text", "Hello.", "--output-path", out.toString()));
        args.addAll(List.of(extra));
        return new Cli(dir).run(args.toArray(String[]::new));
    }

    private void assertFailsWith(Cli.Result r, int code, String message, Path out) throws IOException {
        assertThat(r.exitCode()).isEqualTo(code);
        String[] lines = r.errorLines();
        assertThat(lines).as(r.stderr()).filteredOn(l -> l.startsWith("Error")).hasSize(1);
        assertThat(lines[lines.length - 1]).startsWith("Error: ").contains(message);
        assertThat(out).doesNotExist();
        try (var files = Files.list(dir)) {
            assertThat(files).as("nothing left in the output folder").noneMatch(p -> p.getFileName().toString()
                    .contains(out.getFileName().toString()));
        }
    }

    @Test
    void unknownVoiceNameListsTheAvailableVoices() throws IOException {
        Path out = dir.resolve("o.wav");
        assertFailsWith(generate(out, "--voice", "bob"), 1, "Unknown voice 'bob'. Available voices: alba, marius,"
                + " javert, jean, fantine, cosette, eponine, azelma", out);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Path out = dir.resolve("o.wav");
        assertFailsWith(generate(out, "--voice", dir.resolve("nobody.wav").toString()), 1,
                "Voice file not found: " + dir.resolve("nobody.wav"), out);
        assertFailsWith(generate(out, "--config", dir.resolve("none.yaml").toString()), 1,
                "Model configuration not found: " + dir.resolve("none.yaml"), out);
    }

    @Test
    void badOptionValuesAreRefusedBeforeAnyWork() throws IOException {
        Path out = dir.resolve("o.wav");
        assertFailsWith(generate(out, "--lsd-decode-steps", "-1"), 1, "lsd_decode_steps must be from 1 to 64, got -1", out);
        assertFailsWith(generate(out, "--lsd-decode-steps", "1000000000"), 1,
                "lsd_decode_steps must be from 1 to 64, got 1000000000", out);
        assertFailsWith(generate(out, "--temperature", "-0.5"), 1, "temperature must be a number from 0 to 10, got -0.5",
                out);
        assertFailsWith(generate(out, "--noise-clamp", "0"), 1, "noise_clamp must be a number > 0", out);
        assertFailsWith(generate(out, "--noise-clamp", "1e-45"), 1, "noise_clamp must be at least 0.1 standard"
                + " deviations of the noise (0.08367 at temperature 0.7), got 1.4E-45", out);
        assertFailsWith(generate(out, "--frames-after-eos", "-2"), 1, "frames_after_eos must be from 0 to 125", out);
        assertFailsWith(generate(out, "--frames-after-eos", "2147483647"), 1,
                "frames_after_eos must be from 0 to 125, got 2147483647", out);
        assertFailsWith(generate(out, "--eos-threshold", "Infinity"), 1, "eos_threshold must be a finite number", out);
        assertFailsWith(generate(out, "--max-tokens", "0"), 1, "max_tokens must be from 1 to 1000", out);
        assertFailsWith(generate(out, "--max-audio-seconds", "0"), 1,
                "max_audio_seconds must be above 0 and at most 86400, got 0.0", out);
        assertFailsWith(generate(out, "--temperature", "warm"), 2,
                "Invalid value for option '--temperature': 'warm' is not a float", out);
        assertFailsWith(generate(out, "--loudness", "11"), 2, "Unknown options: '--loudness', '11'", out);
        assertFailsWith(generate(out, "--text", "   "), 1, "The text is empty", out);
        assertFailsWith(new Cli(dir).run("generate", "--variant", "zzz", "--voice", Fixtures.tiny("voice.wav").toString(),
                "--output-path", out.toString()), 1, "Unknown model variant 'zzz'; available: b6369a24", out);
        assertFailsWith(generate(out, "--variant", "b6369a24"), 1, "Give one of --variant, --language and --config,"
                + " not several", out);
        assertFailsWith(generate(out, "--compat", "4.0"), 2, "Invalid value for option '--compat': Unknown"
                + " compatibility '4.0': use one of 1.0, 2.1, 3.3", out);
        assertFailsWith(new Cli(dir).run("generate", "--language", "klingon", "--output-path", out.toString()), 1,
                "Unknown language 'klingon'. Available: english, english_2026-09", out);
    }

    /** Pack files that do not fit: each error names the file and the problem. */
    @Test
    void badPacksAreOneLineNamingTheFile() throws IOException {
        Path out = dir.resolve("o.wav");
        Path pack = Files.createDirectory(dir.resolve("pack"));
        for (String f : List.of("tiny.safetensors", "tokenizer.model", "voice.wav")) {
            Files.copy(Fixtures.tinyV3(f), pack.resolve(f));
        }
        String yaml = Files.readString(Fixtures.tinyV3("tiny.yaml"));
        Path unknownKey = pack.resolve("unknown.yaml");
        Files.writeString(unknownKey, yaml.replace("remove_semicolons: true", "remove_semicolons: true\nspeed: 2"));
        assertFailsWith(packRun(unknownKey, out), 1, "Invalid model configuration " + unknownKey + ": unknown key 'speed'",
                out);
        Path shapes = pack.resolve("shapes.yaml");
        Files.writeString(shapes, yaml.replace("inner_dim: 16", "inner_dim: 8"));
        assertFailsWith(packRun(shapes, out), 1, "Tensor 'flow_lm.speaker_proj_weight' in " + pack.resolve("tiny.safetensors")
                + " has shape [64, 16], expected [64, 8]", out);
        Path json = pack.resolve("tokenizer.json");
        Files.writeString(json, "{\"normalizer\": {\"type\": \"Precompiled\", \"precompiled_charsmap\": \"\"},"
                + " \"model\": {\"type\": \"BPE\"}}");
        Path bpe = pack.resolve("bpe.yaml");
        Files.writeString(bpe, yaml.replace("tokenizer: sentencepiece", "tokenizer: tokenizers")
                .replace("tokenizer_path: tokenizer.model", "tokenizer_path: tokenizer.json"));
        Cli.Result r = packRun(bpe, out);
        assertFailsWith(r, 1, json.toString(), out);
        assertThat(r.errorLines()[r.errorLines().length - 1]).containsIgnoringCase("unsupported");
        Path state = pack.resolve("other.safetensors");
        org.pockettts.safetensors.SafeTensorsWriter.writeState(state, java.util.Map.of(
                "transformer.layers.0.self_attn/cache", new org.pockettts.safetensors.FloatTensor(
                        new long[] {2, 1, 3, 16, 64}, new float[2 * 3 * 16 * 64])),
                java.util.Map.of("transformer.layers.0.self_attn/offset", new long[] {3}));
        Path tiny = Files.writeString(pack.resolve("tiny.yaml"), yaml);
        Cli.Result other = new Cli(dir).run("generate", "--config", tiny.toString(), "--voice", state.toString(),
                "--output-path", out.toString());
        assertFailsWith(other, 1, "The voice file " + state + " is not a model state of this model: it holds the"
                + " states of layers [0] but this model has 2 layers", out);
    }

    private Cli.Result packRun(Path config, Path out) {
        return new Cli(dir).run("generate", "--config", config.toString(), "--voice",
                config.resolveSibling("voice.wav").toString(), "--output-path", out.toString());
    }

    @Test
    void unwritableOutputPathsAreRefusedBeforeGenerating() throws IOException {
        Path missingFolder = dir.resolve("no/such/folder/out.wav");
        Cli.Result r = generate(missingFolder);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: Cannot write " + missingFolder + ": the folder "
                + missingFolder.getParent() + " does not exist");
        Path folder = Files.createDirectory(dir.resolve("a-folder.wav"));
        Cli.Result intoFolder = generate(folder);
        assertThat(intoFolder.exitCode()).isEqualTo(1);
        assertThat(intoFolder.errorLines()).containsExactly("Error: Cannot write " + folder + ": it is a folder; give a"
                + " file name");
    }

    @Test
    void aReadOnlyFolderIsRefused() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "skipped: running as root, for whom folder permissions do not stop writes");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path out = locked.resolve("o.wav");
        Cli.Result r = generate(out);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: Cannot write " + out + ": the folder " + locked
                + " is not writable");
    }

    @Test
    void aFailureDuringGenerationLeavesNoFile() throws IOException {
        Path out = dir.resolve("partial.wav");
        Cli.Result r = new Cli(dir).env("KPOCKET_TTS_ERROR_WITHOUT_EOS", "1").run("generate", "--config",
                Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text",
                "Hello.", "--eos-threshold", "1e9", "--output-path", out.toString());
        assertFailsWith(r, 1, "maximum length without an end of speech", out);
    }

    @Test
    void anExistingFileIsKeptWhenGenerationFails() throws IOException {
        Path out = dir.resolve("keep.wav");
        Files.writeString(out, "previous content");
        Cli.Result r = new Cli(dir).env("KPOCKET_TTS_ERROR_WITHOUT_EOS", "1").run("generate", "--config",
                Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text",
                "Hello.", "--eos-threshold", "1e9", "--output-path", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(Files.readString(out)).isEqualTo("previous content");
    }
}
