package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.batch.OutputNames;
import org.pockettts.testing.Fixtures;

/**
 * {@code batch} in a process of its own, stopped while it writes a row: killed outright, no file
 * under a row's name is partial and the next run completes the table; stopped by SIGTERM, not even a
 * temporary file is left.
 */
class BatchProcessIT {

    private static final int ROWS = 6;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path table;
    private static Path reference;

    /** Rows that run to their maximum length (no end of speech), so that each takes a while. */
    @BeforeAll
    static void completeRun() throws Exception {
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 1; i <= ROWS; i++) {
            csv.append("row").append(i).append(",Row ").append(i)
                    .append(" is a sentence of some length. It goes on with a second sentence too.\n");
        }
        table = BatchTables.write(shared.resolve("rows.csv"), csv.toString());
        reference = shared.resolve("reference");
        ChildProcess.Result r = ChildProcess.run(shared, command(reference), Map.of());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private static List<String> command(Path out) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.JAVA, "--add-modules", "jdk.incubator.vector",
                "-jar", ChildProcess.JAR.toString(), "batch", table.toString(), "--output-dir", out.toString(),
                "--config", Fixtures.tiny("tiny.yaml").toString(),
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString(),
                "--eos-threshold", "1e9", "--jobs", "1", "-q"));
        return command;
    }

    private Process start(Path out) throws IOException {
        return new ProcessBuilder(command(out)).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private static List<String> names(Path folder, java.util.function.Predicate<String> which) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(which).sorted().toList();
        }
    }

    /** Waits until a row has finished and another one's temporary file exists: the run is inside a row. */
    private static void awaitWritingAfterAFinishedRow(Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the run ended before it could be stopped").isTrue();
            Path manifest = out.resolve(OutputNames.MANIFEST);
            boolean rowDone = Files.exists(manifest) && !Files.readString(manifest).isEmpty();
            if (rowDone && Files.isDirectory(out)
                    && !names(out, n -> n.startsWith(".row") && n.endsWith(".part")).isEmpty()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no row was being written within 240 s");
    }

    @Test
    void aKilledRunLeavesNoPartialFileAndTheNextRunCompletesTheTable() throws Exception {
        Path out = dir.resolve("out");
        Process p = start(out);
        awaitWritingAfterAFinishedRow(p, out);
        p.destroyForcibly();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        List<String> written = names(out, n -> n.endsWith(".wav"));
        assertThat(written).hasSizeLessThan(ROWS);
        for (String file : written) {
            assertThat(Files.readAllBytes(out.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(reference.resolve(file)));
        }

        ChildProcess.Result resumed = ChildProcess.run(dir, command(out), Map.of());
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        for (int i = 1; i <= ROWS; i++) {
            String file = "row" + i + ".wav";
            assertThat(Files.readAllBytes(out.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(reference.resolve(file)));
        }
        assertThat(names(out, n -> n.endsWith(".part"))).isEmpty();
        List<JsonNode> manifest = BatchTables.manifest(out);
        assertThat(manifest).extracting(n -> n.get("id").asText())
                .containsExactly("row1", "row2", "row3", "row4", "row5", "row6");
        assertThat(manifest).extracting(n -> n.get("status").asText()).contains("skipped", "ok")
                .doesNotContain("error");
        assertThat(manifest.stream().filter(n -> n.get("status").asText().equals("skipped")).count())
                .isEqualTo(written.size());
    }

    @Test
    void aRunStoppedBySigtermAbandonsItsRowAndLeavesNoTemporaryFile() throws Exception {
        Path out = dir.resolve("out");
        Process p = start(out);
        awaitWritingAfterAFinishedRow(p, out);
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(names(out, n -> n.endsWith(".part"))).isEmpty();
        for (String file : names(out, n -> n.endsWith(".wav"))) {
            assertThat(Files.readAllBytes(out.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(reference.resolve(file)));
        }
        assertThat(BatchTables.manifest(out)).isNotEmpty();
    }
}
