package org.pockettts.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/**
 * The Spark job in {@code local[2]} on the tiny model writes the files and manifest that the
 * packaged {@code batch} command writes for the same table, bad rows included, from CSV, JSON Lines
 * and Parquet; a second run skips what is complete.
 */
class SparkBatchTest {

    private static final String CSV = "id,text,seed,temperature,voice\n"
            + "s1,Hello world.,11,,\n"
            + "s2,\"A second sentence, with a comma.\",-5,0.3,\n"
            + "n1,\"No seed, so one from the id.\",,,\n"
            + "bad,,,,\n"
            + "S1,Differs in case only.,1,,\n"
            + "v,Unknown voice.,3,,nobody\n";
    private static final List<String> AUDIO = List.of("n1.wav", "s1.wav", "s2.wav");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path csv;
    private static Path batchOut;

    @BeforeAll
    static void batchAndSpark() throws Exception {
        csv = Files.writeString(dir.resolve("rows.csv"), CSV);
        batchOut = dir.resolve("batch");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", System.getProperty("pockettts.jar"), "batch",
                csv.toString(), "--output-dir", batchOut.toString(), "-q"));
        command.addAll(modelOptions());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isEqualTo(1);
        spark = SparkSession.builder().master("local[2]").appName("test").getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static List<String> modelOptions() {
        return List.of("--config", Fixtures.tiny("tiny.yaml").toString(),
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString(), "--eos-threshold", "-100");
    }

    /** Runs the job; its exit code and what it printed. */
    private static String[] job(Path input, Path out, int expectedExit, String... extra) {
        List<String> args = new ArrayList<>(List.of("--master", "local[2]", input.toString(), "--output-dir",
                out.toString(), "--partitions", "3"));
        args.addAll(modelOptions());
        args.addAll(List.of(extra));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SparkBatch.run(new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(expectedExit);
        return printed.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
    }

    /** Manifest lines without their times, sorted: Spark's dataset has no order. */
    private static List<String> manifest(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(SparkBatchTest::withoutTime).sorted().toList();
    }

    private static List<String> sparkManifest(Path out) throws IOException {
        try (Stream<Path> parts = Files.list(out.resolve("manifest"))) {
            return parts.filter(p -> p.getFileName().toString().endsWith(".json")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(SparkBatchTest::withoutTime).sorted().toList();
        }
    }

    private static String withoutTime(String line) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(line);
            n.remove("elapsed_s");
            return n.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Manifest lines without the lines their messages name. */
    private static List<String> withoutLines(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("line \\d+: ", "").replaceAll(" \\(line \\d+\\)", "")).sorted()
                .toList();
    }

    private static List<String> audioFiles(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("manifest") && !n.startsWith("."))
                    .filter(n -> !n.equals("manifest.jsonl")).sorted().toList();
        }
    }

    private static void assertSameAudio(Path out) throws IOException {
        assertThat(audioFiles(out)).isEqualTo(AUDIO);
        for (String file : AUDIO) {
            assertThat(Files.readAllBytes(out.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(batchOut.resolve(file)));
        }
    }

    @Test
    void fromCsvTheJobWritesWhatBatchWritesAndASecondRunSkipsIt() throws IOException {
        Path out = dir.resolve("spark-csv");
        String[] printed = job(csv, out, 1);
        assertSameAudio(out);
        assertThat(sparkManifest(out)).isEqualTo(manifest(batchOut.resolve("manifest.jsonl")));
        assertThat(sparkManifest(out)).anySatisfy(l -> assertThat(l).contains("\"id\":\"bad\"")
                .contains("\"status\":\"error\"").contains("line 5: the text is empty"));
        assertThat(printed).containsExactly(
                printed[0],
                "Error: 3 of 6 rows failed; the manifest " + out.toUri().toString().replaceAll("/$", "")
                        .replace("file:///", "file:/") + "/manifest says why");
        assertThat(printed[0]).startsWith("6 rows: 3 written, 0 already complete, 3 failed; ");
        try (Stream<Path> hidden = Files.list(out)) {
            assertThat(hidden.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
        }

        FileTime written = Files.getLastModifiedTime(out.resolve("s1.wav"));
        String[] again = job(csv, out, 1);
        assertThat(again[0]).startsWith("6 rows: 0 written, 3 already complete, 3 failed; ");
        assertThat(Files.getLastModifiedTime(out.resolve("s1.wav"))).isEqualTo(written);
        assertSameAudio(out);
        assertThat(sparkManifest(out)).filteredOn(l -> l.contains("\"status\":\"skipped\"")).hasSize(3)
                .allSatisfy(l -> assertThat(l).doesNotContain("\"duration_s\":null"));
    }

    @Test
    void fromJsonLinesTheJobWritesWhatBatchWrites() throws IOException {
        Path jsonl = Files.writeString(dir.resolve("rows.jsonl"), """
                {"id": "s1", "text": "Hello world.", "seed": 11}
                {"id": "s2", "text": "A second sentence, with a comma.", "seed": -5, "temperature": 0.3}
                {"id": "n1", "text": "No seed, so one from the id."}
                {"id": "bad", "text": ""}
                {"id": "S1", "text": "Differs in case only.", "seed": 1}
                {"id": "v", "text": "Unknown voice.", "seed": 3, "voice": "nobody"}
                """);
        Path out = dir.resolve("spark-jsonl");
        job(jsonl, out, 1);
        assertSameAudio(out);
        // The same rows, one line higher: JSON Lines has no header.
        assertThat(withoutLines(sparkManifest(out))).isEqualTo(withoutLines(manifest(batchOut.resolve("manifest.jsonl"))));
        assertThat(sparkManifest(out)).anySatisfy(l -> assertThat(l).contains("line 4: the text is empty"));
    }

    @Test
    void fromParquetTheJobWritesWhatBatchWrites() throws IOException {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType)
                .add("seed", DataTypes.LongType).add("temperature", DataTypes.DoubleType)
                .add("voice", DataTypes.StringType).add("chapter", DataTypes.IntegerType);
        List<Row> rows = List.of(RowFactory.create("s1", "Hello world.", 11L, null, null, 1),
                RowFactory.create("s2", "A second sentence, with a comma.", -5L, 0.3, null, 1),
                RowFactory.create("n1", "No seed, so one from the id.", null, null, null, 2),
                RowFactory.create("bad", "", null, null, null, 2),
                RowFactory.create("S1", "Differs in case only.", 1L, null, null, 2),
                RowFactory.create("v", "Unknown voice.", 3L, null, "nobody", 3));
        Path parquet = dir.resolve("rows.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet.toString());
        Path out = dir.resolve("spark-parquet");
        String[] printed = job(parquet, out, 1);
        assertSameAudio(out);
        // Parquet has no lines, so messages name none.
        assertThat(sparkManifest(out)).isEqualTo(withoutLines(manifest(batchOut.resolve("manifest.jsonl"))));
        assertThat(printed[0]).isEqualTo("Warning: ignored the columns chapter (the columns read are id, text, voice,"
                + " seed, temperature, format, language)");
    }

    @Test
    void problemsWithTheJobAreOneErrorLine() {
        assertThat(job(dir.resolve("none.csv"), dir.resolve("x"), 1)).containsExactly("Error: Cannot read the table "
                + dir.resolve("none.csv") + ": it does not exist");
        assertThat(job(dir.resolve("rows.txt"), dir.resolve("x"), 1)).containsExactly("Error: Cannot tell the format"
                + " of the table " + dir.resolve("rows.txt") + " by its name: give --input-format csv, jsonl or parquet");
        assertThat(job(csv, dir.resolve("x"), 1, "--temperature", "20")).containsExactly("Error: temperature must be a"
                + " number from 0 to 10, got 20.0");
        // A model the executors cannot load fails the job with the engine's message, on one line.
        ByteArrayOutputStream failed = new ByteArrayOutputStream();
        assertThat(SparkBatch.run(new PrintStream(failed, true), "--master", "local[2]", csv.toString(), "--output-dir",
                dir.resolve("y").toString(), "--config", dir.resolve("missing.yaml").toString())).isEqualTo(1);
        assertThat(failed.toString().lines().filter(l -> l.startsWith("Error:")))
                .containsExactly("Error: Model configuration not found: " + dir.resolve("missing.yaml"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(SparkBatch.run(new PrintStream(err, true), csv.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("Error: Missing required option: '--output-dir=OUTPUT'");
    }
}
