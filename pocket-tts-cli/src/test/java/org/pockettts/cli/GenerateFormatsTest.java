package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.formats.AudioFormat;
import org.pockettts.formats.Decoder;
import org.pockettts.formats.Measures;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * {@code generate}'s formats, speed, numbers and pauses, checked on what ffmpeg (an independent
 * decoder) reads from its files and standard output, against the WAV of the same run: lossless
 * formats hold exactly its samples, lossy ones its duration and energy.
 */
class GenerateFormatsTest {

    private static final String TEXT = "Hello there. This is a test of the audio formats.";
    private static final int RATE = 24_000;
    /** The closing silence of every format, not stretched by the speed. */
    private static final int TAIL = RATE / 5;

    @TempDir
    Path dir;
    private short[] wav;

    private Cli.Result run(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--config", Fixtures.tiny("tiny.yaml").toString(),
                "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text", TEXT,
                "--temperature", "0", "--eos-threshold", "1e9", "--output-path", output, "-q"));
        args.addAll(List.of(extra));
        return new Cli(dir).run(args.toArray(String[]::new));
    }

    private byte[] generate(String name, String... extra) throws IOException {
        Path out = dir.resolve(name);
        Cli.Result r = run(out.toString(), extra);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Files.readAllBytes(out);
    }

    @BeforeEach
    void reference() throws IOException {
        Decoder.assumeFfmpeg();
        wav = Wav.samples(generate("reference.wav"));
        assertThat(wav.length).isGreaterThan(TAIL + RATE);
    }

    private void assertSameSpeech(short[] decoded, AudioFormat format) {
        Measures.assertSameSpeech(decoded, wav, format);
    }

    @Test
    void theOutputFilesExtensionChoosesTheFormat() throws IOException {
        for (AudioFormat format : AudioFormat.values()) {
            for (String extension : format.extensions()) {
                byte[] file = generate("speech." + extension.toUpperCase(java.util.Locale.ROOT));
                assertSameSpeech(Decoder.decode(file, format), format);
            }
        }
        // A name that says nothing of a format is a WAV, as before.
        assertThat(Wav.samples(generate("speech.audio"))).isEqualTo(wav);
    }

    @Test
    void formatStreamsToStandardOutputAndNamesTheFormatOfAnyFile() throws IOException {
        for (AudioFormat format : AudioFormat.values()) {
            Cli.Result r = run("-", "--format", format.formatName());
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertSameSpeech(Decoder.decode(r.stdout(), format), format);
        }
        assertSameSpeech(Decoder.decode(generate("speech.audio", "--format", "flac"), AudioFormat.FLAC), AudioFormat.FLAC);
        assertSameSpeech(Decoder.decode(generate("speech.ogg", "--format", "opus"), AudioFormat.OPUS), AudioFormat.OPUS);
    }

    @Test
    void aFormatTheFileNameContradictsIsRefusedAndNothingIsWritten() throws IOException {
        Path out = dir.resolve("speech.mp3");
        Cli.Result r = run(out.toString(), "--format", "flac");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: --format flac does not fit the output file " + out
                + ", whose extension is that of mp3: name the file .flac, or leave out --format");
        Cli.Result unknown = run(dir.resolve("speech.aac").toString(), "--format", "aac");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.errorLines()).containsExactly(
                "Error: Unsupported audio format 'aac': the supported formats are wav, pcm, mp3, opus, flac");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("reference.wav");
        }
    }

    @Test
    void speedChangesTheDurationByItsRatioAndKeepsThePitch() throws IOException {
        short[] speech = Arrays.copyOf(wav, wav.length - TAIL);
        for (String speed : new String[] {"0.25", "0.5", "2", "4"}) {
            short[] stretched = Wav.samples(generate("speed" + speed + ".wav", "--speed", speed));
            // n samples of speech become round(n / speed), then the same closing silence.
            assertThat(stretched.length - TAIL).as("speed " + speed)
                    .isEqualTo((int) Math.round(speech.length / Double.parseDouble(speed)));
            short[] stretchedSpeech = Arrays.copyOf(stretched, stretched.length - TAIL);
            // As many crossings per second: the pitch is kept (a resampling would multiply them by the speed).
            assertThat(Measures.crossingsPerSample(stretchedSpeech) / Measures.crossingsPerSample(speech))
                    .as("crossing rate at speed " + speed).isCloseTo(1.0, within(0.15));
            assertThat(Measures.decibelsBetween(stretchedSpeech, speech)).as("energy at " + speed).isCloseTo(0, within(1.5));
        }
        // Streamed to standard output, in a lossy format: the same stretch, as ffmpeg reads it.
        Cli.Result streamed = run("-", "--format", "opus", "--speed", "1.5");
        assertThat(streamed.exitCode()).as(streamed.stderr()).isZero();
        short[] opus = Decoder.decode(streamed.stdout(), AudioFormat.OPUS);
        assertThat((opus.length - TAIL) / (double) RATE).isCloseTo(speech.length / 1.5 / RATE, within(0.15));
    }

    @Test
    void standardOutputReceivesTheAudioWhileItIsGenerated() {
        int frames = (wav.length - TAIL) / 1920;
        for (String format : new String[] {"wav", "mp3", "flac"}) {
            FlushCounter out = new FlushCounter();
            int code = new Cli(dir).run(out, "generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat",
                    "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--text", TEXT, "--temperature", "0",
                    "--eos-threshold", "1e9", "--output-path", "-", "--format", format, "--speed", "2");
            assertThat(code).isZero();
            // Sent in pieces as the frames come (flac gathers two stretched frames into one of its own),
            // not at the end; and whole.
            assertThat(out.flushesWithBytes).as(format).isGreaterThanOrEqualTo(frames / 3);
            AudioFormat f = AudioFormat.fromName(format);
            assertThat(Decoder.decode(out.toByteArray(), f).length - TAIL).as(format)
                    .isCloseTo((int) Math.round((wav.length - TAIL) / 2.0), within(f == AudioFormat.MP3 ? 1800 : 0));
        }
    }

    /** Keeps what is written, and counts the flushes that send new bytes. */
    private static final class FlushCounter extends java.io.ByteArrayOutputStream {
        int flushesWithBytes;
        private int flushedSize;

        @Override
        public synchronized void flush() {
            if (size() > flushedSize) {
                flushesWithBytes++;
                flushedSize = size();
            }
        }
    }

    @Test
    void aSpeedOutOfRangeIsAMalformedCommandLine() {
        for (String speed : new String[] {"0.24", "4.5", "0", "-1", "NaN"}) {
            Cli.Result r = run(dir.resolve("x.wav").toString(), "--speed", speed);
            assertThat(r.exitCode()).as(speed).isEqualTo(2);
            assertThat(r.stderr()).contains("Invalid value for option '--speed'")
                    .contains("speed must be between 0.25 and 4.0");
        }
        Cli.Result r = run(dir.resolve("x.wav").toString(), "--speed", "fast");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("'fast' is not a number; give a speed from 0.25 to 4.0");
        assertThat(Files.exists(dir.resolve("x.wav"))).isFalse();
    }

    @Test
    void normalizeReadsNumbersAsAPersonWouldWriteThem() throws IOException {
        String numbers = "It costs $12.50, on the 3rd of May.";
        String words = "It costs twelve dollars and fifty cents, on the third of May.";
        byte[] normalized = generate("n.wav", "--text", numbers, "--normalize");
        assertThat(Wav.samples(normalized)).isEqualTo(Wav.samples(generate("w.wav", "--text", words)));
        assertThat(Wav.samples(generate("plain.wav", "--text", numbers))).isNotEqualTo(Wav.samples(normalized));
    }

    @Test
    void normalizeReachesBatchRowsToo() throws IOException {
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "id,text,seed\nprice,\"It costs $12.50, on the 3rd of May.\",7\n");
        Cli.Result r = new Cli(dir).run("batch", csv.toString(), "--output-dir", dir.resolve("out").toString(),
                "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice",
                Fixtures.tiny("voice.wav").toString(), "--temperature", "0", "--eos-threshold", "1e9", "--normalize", "-q");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(Wav.samples(Files.readAllBytes(dir.resolve("out/price.wav")))).isEqualTo(Wav.samples(
                generate("words.wav", "--text", "It costs twelve dollars and fifty cents, on the third of May.")));
    }

    @Test
    void malformedPauseMarkupIsOneClearErrorAndNoFile() {
        String[][] cases = {
            {"Hello [pause:abc] there.", "Malformed pause tag \"[pause:abc]\" at line 1, column 7"},
            {"Hello [pause:-1s] there.", "Malformed pause tag \"[pause:-1s]\" at line 1, column 7"},
            {"Hello [pause:1.5] there.", "Malformed pause tag \"[pause:1.5]\" at line 1, column 7"},
            {"Hello [pause 2s] there.", "Malformed pause tag \"[pause 2s]\" at line 1, column 7"},
            {"Hello [pause:2s there.", "Unclosed pause tag \"[pause:2s there.\" at line 1, column 7"},
            {"<speak>Hi <emphasis>there</emphasis></speak>", "emphasis"},
            {"<speak>Hi <break time=\"2\"/></speak>", "2"},
        };
        for (String[] c : cases) {
            Path out = dir.resolve("pause.wav");
            Cli.Result r = run(out.toString(), "--text", c[0]);
            assertThat(r.exitCode()).as(c[0]).isEqualTo(1);
            assertThat(r.errorLines()).as(c[0]).singleElement().asString().startsWith("Error: ").contains(c[1])
                    .doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(Files.exists(out)).as(c[0]).isFalse();
            Cli.Result toStdout = run("-", "--text", c[0]);
            assertThat(toStdout.exitCode()).as(c[0]).isEqualTo(1);
            assertThat(toStdout.stdout()).as(c[0]).isEmpty();
        }
    }

    @Test
    void defaultOutputIsUnchangedByTheNewOptions() throws IOException {
        // --speed 1, --format wav and a .wav name give the very bytes of a plain run (which GenerateGoldenTest pins).
        byte[] plain = generate("plain.wav");
        assertThat(generate("same.wav", "--speed", "1", "--format", "wav")).isEqualTo(plain);
    }
}
