package org.pockettts.cli;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.config.Languages;
import org.pockettts.testing.Fixtures;

/** Each option of {@code generate} has the effect it promises. */
class GenerateOptionsTest {

    /** Fixture case gen1: with this threshold EOS fires at the first frame, so lengths are predictable. */
    private static final String EOS_AT_FIRST = "-5.830227375030518";
    private static final String TEXT = "Hello world, this is a test of the voice cloning path.";

    @TempDir
    Path dir;

    private short[] generate(String... extra) throws IOException {
        Path out = dir.resolve("out-" + System.nanoTime() + ".wav");
        List<String> args = new ArrayList<>(List.of("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny("voice.wav").toString(), "--output-path", out.toString(), "-q"));
        args.addAll(List.of(extra));
        Cli.Result r = new Cli(dir).run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Wav.samples(Files.readAllBytes(out));
    }

    private static int frames(short[] samples) {
        return (samples.length - 4800) / 1920;
    }

    @Test
    void textChoosesWhatIsSpokenAndDashReadsStandardInput() throws IOException {
        short[] direct = generate("--text", TEXT, "--temperature", "0", "--eos-threshold", EOS_AT_FIRST);
        Path out = dir.resolve("stdin.wav");
        Cli.Result r = new Cli(dir).stdin(TEXT).run("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny("voice.wav").toString(), "--output-path", out.toString(), "--text", "-",
                "--temperature", "0", "--eos-threshold", EOS_AT_FIRST);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Wav.samples(Files.readAllBytes(out))).containsExactly(direct);
        assertThat(generate("--text", "Something else entirely.", "--temperature", "0", "--eos-threshold",
                EOS_AT_FIRST)).isNotEqualTo(direct);
    }

    @Test
    void defaultTextIsTheReferencesSentenceInTheModelsLanguage() throws IOException {
        assertThat(Languages.defaultText(null)).isEqualTo("Hello world. I am Kyutai's Pocket TTS. I'm fast enough to"
                + " run on small CPUs. I hope you'll like me.");
        // Without --text the English sentence is spoken: the same audio as giving it.
        String sentence = Languages.defaultText(null);
        assertThat(generate("--temperature", "0", "--eos-threshold", EOS_AT_FIRST))
                .containsExactly(generate("--text", sentence, "--temperature", "0", "--eos-threshold", EOS_AT_FIRST));
        // A configuration named after a language speaks that language's sentence.
        Path german = dir.resolve("german_tiny.yaml");
        Files.copy(Fixtures.tiny("tiny.yaml"), german);
        Files.copy(Fixtures.tiny("tiny.safetensors"), dir.resolve("tiny.safetensors"));
        Files.copy(Fixtures.tiny("tokenizer.model"), dir.resolve("tokenizer.model"));
        assertThat(generate("--config", german.toString(), "--temperature", "0", "--eos-threshold", EOS_AT_FIRST))
                .containsExactly(generate("--text", Languages.defaultText("german"), "--temperature", "0",
                        "--eos-threshold", EOS_AT_FIRST));
    }

    @Test
    void voiceFileAndItsEmbeddingSoundDifferent() throws IOException {
        short[] wav = generate("--text", TEXT, "--temperature", "0", "--eos-threshold", EOS_AT_FIRST);
        short[] embedding = generate("--text", TEXT, "--temperature", "0", "--eos-threshold", EOS_AT_FIRST,
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString());
        assertThat(embedding).isNotEqualTo(wav);
    }

    @Test
    void lsdDecodeStepsChangesTheFlowIntegration() throws IOException {
        short[] one = generate("--text", TEXT, "--temperature", "0", "--eos-threshold", "1e9", "--max-tokens", "50");
        short[] two = generate("--text", TEXT, "--temperature", "0", "--eos-threshold", "1e9", "--lsd-decode-steps", "2");
        assertThat(two).hasSameSizeAs(one).isNotEqualTo(one);
    }

    @Test
    void temperatureZeroIsDeterministicAndSeedRepeatsSampledRuns() throws IOException {
        String[] base = {"--text", TEXT, "--eos-threshold", EOS_AT_FIRST};
        short[] cold1 = generate(concat(base, "--temperature", "0"));
        short[] cold2 = generate(concat(base, "--temperature", "0"));
        assertThat(cold1).containsExactly(cold2);
        short[] warm1 = generate(concat(base, "--temperature", "0.7", "--seed", "7", "--eos-threshold", "1e9"));
        short[] warm2 = generate(concat(base, "--temperature", "0.7", "--seed", "7", "--eos-threshold", "1e9"));
        short[] warm3 = generate(concat(base, "--temperature", "0.7", "--seed", "8", "--eos-threshold", "1e9"));
        assertThat(warm1).containsExactly(warm2);
        assertThat(warm3).hasSameSizeAs(warm1).isNotEqualTo(warm1);
    }

    @Test
    void noiseClampBoundsTheNoise() throws IOException {
        String[] base = {"--text", TEXT, "--eos-threshold", "1e9", "--seed", "3"};
        short[] cold = generate(concat(base, "--temperature", "0"));
        short[] hot = generate(concat(base, "--temperature", "4"));
        // The smallest clamp allowed at temperature 4 (standard deviation 2) is 0.2: with the noise held
        // within it, the run is far closer to the noiseless one than the unclamped run is.
        short[] clamped = generate(concat(base, "--temperature", "4", "--noise-clamp", "0.2"));
        assertThat(maxDifference(hot, cold)).isGreaterThan(100);
        assertThat(maxDifference(clamped, cold)).isLessThan(maxDifference(hot, cold) / 4);
        // A clamp no draw reaches changes nothing: the same seed gives the same audio.
        assertThat(generate(concat(base, "--temperature", "4", "--noise-clamp", "1e9"))).containsExactly(hot);
    }

    @Test
    void eosThresholdDecidesWhenSpeechEnds() throws IOException {
        assertThat(frames(generate("--text", TEXT, "--temperature", "0", "--eos-threshold", EOS_AT_FIRST))).isEqualTo(6);
        // Never: the text runs to its maximum, int((11 words + 2) * 12.5) = 162 frames.
        assertThat(frames(generate("--text", TEXT, "--temperature", "0", "--eos-threshold", "1e9"))).isEqualTo(162);
    }

    @Test
    void framesAfterEosIsHonoured() throws IOException {
        String[] base = {"--text", TEXT, "--temperature", "0", "--eos-threshold", EOS_AT_FIRST};
        assertThat(frames(generate(concat(base, "--frames-after-eos", "0")))).isEqualTo(3);
        assertThat(frames(generate(concat(base, "--frames-after-eos", "7")))).isEqualTo(10);
    }

    @Test
    void maxTokensCutsTheTextIntoMoreChunks() throws IOException {
        String text = "Two sentences here. And a second one follows it.";
        String[] base = {"--text", text, "--temperature", "0", "--eos-threshold", "-5.894979000091553"};
        short[] oneChunk = generate(base);
        short[] twoChunks = generate(concat(base, "--max-tokens", "12"));
        assertThat(twoChunks).isNotEqualTo(oneChunk);
        assertThat(frames(twoChunks)).isNotEqualTo(frames(oneChunk));
    }

    @Test
    void outputPathNamesTheFileAndOnlyItIsWritten() throws IOException {
        Path target = dir.resolve("sub").resolve("speech.wav");
        Files.createDirectories(target.getParent());
        Cli.Result r = new Cli(dir).run("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice",
                Fixtures.tiny("voice.wav").toString(), "--text", "Hi.", "--output-path", target.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
        assertThat(Files.readAllBytes(target)).startsWith("RIFF".getBytes());
    }

    @Test
    void quietPrintsNothingAndTheDefaultReportsTheRealTimeFactor() {
        String[] args = {"generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice",
            Fixtures.tiny("voice.wav").toString(), "--text", "Hi.", "--output-path", dir.resolve("q.wav").toString()};
        Cli.Result loud = new Cli(dir).run(args);
        assertThat(loud.stderr()).contains("Model loaded").contains("faster than real-time").contains("Results written in");
        Cli.Result quiet = new Cli(dir).run(concat(args, "-q"));
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.stderr()).isEmpty();
    }

    @Test
    void interactiveRunsDrawGenerationProgress() {
        Cli.Result r = new Cli(dir).interactive(true).run("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny("voice.wav").toString(), "--text", TEXT, "--eos-threshold", "1e9",
                "--output-path", dir.resolve("p.wav").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).contains("\rGenerating: ").contains(" s of audio");
    }

    @Test
    void deviceCpuIsAcceptedAndOthersRefused() throws IOException {
        assertThat(generate("--text", "Hi.", "--device", "cpu")).isNotEmpty();
        Cli.Result r = new Cli(dir).run("generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--device",
                "cuda", "--output-path", dir.resolve("d.wav").toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.errorLines()).containsExactly("Error: Device 'cuda' is not supported: this implementation runs on"
                + " the CPU only (--device cpu)");
        assertThat(dir.resolve("d.wav")).doesNotExist();
    }

    @Test
    void errorWithoutEosTurnsTheMaximumLengthIntoAFailure() {
        for (String variable : new String[] {"KPOCKET_TTS_ERROR_WITHOUT_EOS", "POCKET_TTS_ERROR_WITHOUT_EOS"}) {
            Path out = dir.resolve(variable + ".wav");
            Cli.Result r = new Cli(dir).env(variable, "1").run("generate", "--config",
                    Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text",
                    "Hi.", "--eos-threshold", "1e9", "--output-path", out.toString());
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.stderr()).contains("maximum length without an end of speech");
            assertThat(out).doesNotExist();
        }
    }

    @Test
    void noCudaGraphIsAcceptedWithoutEffect() throws IOException {
        short[] plain = generate("--text", "Hi.", "--temperature", "0");
        Path out = dir.resolve("nocuda.wav");
        Cli.Result r = new Cli(dir).env("NO_CUDA_GRAPH", "1").run("generate", "--config",
                Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text",
                "Hi.", "--temperature", "0", "--output-path", out.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(Wav.samples(Files.readAllBytes(out))).containsExactly(plain);
    }

    @Test
    void firstChunkLengthHoldsBackTheFirstWrite() {
        RecordingStream out = new RecordingStream();
        int code = new Cli(dir).env("FIRST_CHUNK_LENGTH_SECONDS", "0.5").run(out, "generate", "--config",
                Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text", TEXT,
                "--eos-threshold", "1e9", "--output-path", "-");
        assertThat(code).isZero();
        // After the 44-byte header, the first audio written is at least 0.5 s (12,000 samples).
        assertThat(out.writes.get(0)).isEqualTo(44);
        assertThat(out.writes.get(1)).isGreaterThanOrEqualTo(2 * 12_000);
        RecordingStream plain = new RecordingStream();
        new Cli(dir).run(plain, "generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice",
                Fixtures.tiny("voice.wav").toString(), "--text", TEXT, "--eos-threshold", "1e9", "--output-path", "-");
        assertThat(plain.writes.get(1)).isEqualTo(2 * 1920);
    }

    /** Remembers the size of each write, merging writes between flushes. */
    private static final class RecordingStream extends OutputStream {
        final List<Integer> writes = new ArrayList<>();
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            pending.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        @Override
        public void flush() {
            if (pending.size() > 0) {
                writes.add(pending.size());
                pending.reset();
            }
        }
    }

    private static int maxDifference(short[] a, short[] b) {
        assertThat(a).hasSameSizeAs(b);
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
