package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.audio.WavWriter;
import org.pockettts.testing.Fixtures;

/**
 * Running out of memory, in a JVM of its own with a small heap, on realistic inputs: the full-size
 * model, and a long voice recording. The command ends with one line saying what it was doing, the
 * heap it had and how to give more, exit code 1, and no file.
 */
class OutOfMemoryIT {

    /** The one line, whatever the activity. */
    private static final String SHAPE = "Error: out of memory while %s: it needed more than the %d MB of heap Java may"
            + " use \\(-Xmx\\)\\. Give Java more memory, e\\.g\\. POCKET_TTS_JAVA_OPTS=-Xmx1g for \\./pocket-tts, or"
            + " java -Xmx1g -jar pocket-tts\\.jar";

    @TempDir
    Path dir;

    /** Runs the jar with heap limit {@code heapMb}, offline. */
    private ChildProcess.Result run(int heapMb, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.JAVA, "-Xmx" + heapMb + "m", "--add-modules",
                "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-jar", ChildProcess.JAR.toString()));
        command.addAll(List.of(args));
        return ChildProcess.run(dir, command, Map.of("HF_HUB_OFFLINE", "1"));
    }

    @Test
    void theFullSizeModelInASmallHeapIsOneLine() throws Exception {
        ChildProcess.Result r = run(64, "bench", "--runs", "1", "--threads", "1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.errorLines().get(0)).matches(String.format(SHAPE, "benchmarking", 64));
    }

    @Test
    void aLongVoiceInASmallHeapIsOneLineAndNoFile() throws Exception {
        // 70 s at 192 kHz: 13 million samples, 54 MB as floats, more than the whole heap.
        Path voice = dir.resolve("long.wav");
        try (WavWriter w = WavWriter.toFile(voice, 192_000)) {
            float[] second = new float[192_000];
            for (int i = 0; i < second.length; i++) {
                second[i] = (float) (0.25 * Math.sin(i * 0.01));
            }
            for (int s = 0; s < 70; s++) {
                w.write(second);
            }
            w.finish();
        }
        Path out = dir.resolve("out").resolve("speech.wav");
        Files.createDirectories(out.getParent());
        ChildProcess.Result r = run(32, "generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", voice.toString(),
                "--text", "Hello world.", "--output-path", out.toString(), "-q");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.errorLines().get(0)).matches(String.format(SHAPE, "preparing the voice " + java.util.regex.Pattern.quote(voice.toString()), 32));
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).as("nothing written").isEmpty();
        }
    }
}
