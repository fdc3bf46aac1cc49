package org.pockettts.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.formats.AudioEncoder;
import org.pockettts.formats.AudioFormat;

/**
 * Files put in place through Hadoop's file system appear whole, as the last attempt left them,
 * whatever attempts of a task (retries, speculative copies) put the same file at once.
 */
class HadoopOutputTest {

    @TempDir
    Path dir;

    private Path wav(String name, int samples) throws Exception {
        Path file = Files.createDirectories(dir.resolve("local-" + System.nanoTime())).resolve(name);
        try (AudioEncoder e = AudioFormat.WAV.newFileEncoder(file, 24000)) {
            float[] audio = new float[samples];
            Arrays.fill(audio, 0.25f);
            e.write(audio);
            e.finish();
        }
        return file;
    }

    private List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void attemptsPuttingTheSameFileAtOnceLeaveItWholeAndNothingElse() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        HadoopOutput output = new HadoopOutput(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration());
        Path local = wav("a.wav", 24000);
        ExecutorService attempts = Executors.newFixedThreadPool(4);
        CountDownLatch ready = new CountDownLatch(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            done.add(attempts.submit(() -> {
                ready.countDown();
                go.await();
                output.publish(local, "a.wav");
                return null;
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        attempts.shutdown();
        assertThat(names(out)).containsExactly("a.wav");
        assertThat(Files.readAllBytes(out.resolve("a.wav"))).isEqualTo(Files.readAllBytes(local));
        assertThat(output.isComplete("a.wav", AudioFormat.WAV)).isTrue();
    }

    @Test
    void aFileInPlaceIsReplacedAndCompletenessIsReadThroughTheFileSystem() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        HadoopOutput output = new HadoopOutput(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration());
        byte[] whole = Files.readAllBytes(wav("b.wav", 4800));
        Files.write(out.resolve("b.wav"), Arrays.copyOf(whole, whole.length - 10));
        assertThat(output.isComplete("b.wav", AudioFormat.WAV)).isFalse();
        assertThat(output.isComplete("missing.wav", AudioFormat.WAV)).isFalse();
        Path local = wav("b.wav", 4800);
        output.publish(local, "b.wav");
        assertThat(Files.readAllBytes(out.resolve("b.wav"))).isEqualTo(whole);
        assertThat(output.isComplete("b.wav", AudioFormat.WAV)).isTrue();
        // The local file system is used without Hadoop's checksum files.
        assertThat(names(out)).containsExactly("b.wav");
    }

    @Test
    void onlyTemporaryFilesOfRowsAreDeleted() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        for (String name : List.of(".a.wav.0123456789abcdef.part", ".manifest.jsonl.00ff.part", "a.wav", ".keep",
                "notes.txt.1234.part")) {
            Files.writeString(out.resolve(name), "x");
        }
        new HadoopOutput(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration()).deleteTemporaryFiles();
        assertThat(names(out)).containsExactly(".keep", "a.wav", "notes.txt.1234.part");
    }
}
