package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pockettts.cli.BatchTables.batch;
import static org.pockettts.cli.BatchTables.manifest;
import static org.pockettts.cli.BatchTables.manifestWithoutTimes;
import static org.pockettts.cli.BatchTables.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.batch.Seeds;

/** {@code batch} writes each row's file as {@code generate} would, records every row, and resumes. */
class BatchCommandTest {

    private static final String CSV = "id,text,seed,temperature\n"
            + "s1,Hello world.,11,\n"
            + "s2,\"A second sentence, with a comma.\",-5,0.3\n"
            + "n1,\"No seed, so one from the id.\",,\n";

    @TempDir
    Path dir;

    private Cli.Result run(String... args) {
        return new Cli(dir).run(args);
    }

    private byte[] generate(String text, long seed, String... extra) throws IOException {
        Path out = dir.resolve("generate-" + seed + ".wav");
        List<String> args = new ArrayList<>(List.of("generate", "--text", text, "--seed", Long.toString(seed),
                "--output-path", out.toString(), "-q"));
        args.addAll(BatchTables.modelOptions());
        args.addAll(List.of(extra));
        Cli.Result r = run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Files.readAllBytes(out);
    }

    private static byte[] read(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Test
    void seededRowsAreByteForByteWhatGenerateWritesWithThatSeed() throws IOException {
        Path out = dir.resolve("out");
        Cli.Result r = run(batch(write(dir.resolve("t.csv"), CSV), out, "--jobs", "2"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(read(out.resolve("s1.wav"))).isEqualTo(generate("Hello world.", 11));
        assertThat(read(out.resolve("s2.wav"))).isEqualTo(generate("A second sentence, with a comma.", -5,
                "--temperature", "0.3"));
        long derived = Seeds.fromId("n1");
        assertThat(read(out.resolve("n1.wav"))).isEqualTo(generate("No seed, so one from the id.", derived));
        assertThat(manifest(out)).extracting(n -> n.get("seed").asLong()).containsExactly(11L, -5L, derived);
        assertThat(manifest(out)).extracting(n -> n.get("status").asText()).containsOnly("ok");
        // Rows without a seed in the table take --seed when it is given.
        Path seeded = dir.resolve("seeded");
        assertThat(run(batch(dir.resolve("t.csv"), seeded, "--seed", "99", "-q")).exitCode()).isZero();
        assertThat(read(seeded.resolve("n1.wav"))).isEqualTo(generate("No seed, so one from the id.", 99));
        assertThat(read(seeded.resolve("s1.wav"))).isEqualTo(read(out.resolve("s1.wav")));
    }

    @Test
    void csvAndJsonLinesOfTheSameRowsGiveTheSameFilesAndManifest() throws IOException {
        Path fromCsv = dir.resolve("csv");
        Path fromJson = dir.resolve("jsonl");
        assertThat(run(batch(write(dir.resolve("t.csv"), CSV), fromCsv)).exitCode()).isZero();
        Path jsonl = write(dir.resolve("t.jsonl"), """
                {"id": "s1", "text": "Hello world.", "seed": 11}
                {"id": "s2", "text": "A second sentence, with a comma.", "seed": "-5", "temperature": 0.3}

                {"id": "n1", "text": "No seed, so one from the id.", "seed": null}
                """);
        assertThat(run(batch(jsonl, fromJson)).exitCode()).isZero();
        for (String file : List.of("s1.wav", "s2.wav", "n1.wav")) {
            assertThat(read(fromJson.resolve(file))).as(file).isEqualTo(read(fromCsv.resolve(file)));
        }
        assertThat(manifestWithoutTimes(fromJson)).isEqualTo(manifestWithoutTimes(fromCsv));
        assertThat(manifest(fromCsv)).extracting(n -> n.get("path").asText()).containsExactly("s1.wav", "s2.wav",
                "n1.wav");
        assertThat(manifest(fromCsv)).allSatisfy(n -> assertThat(n.get("duration_s").asDouble()).isGreaterThan(0.2));
    }

    @Test
    void badRowsAreRecordedAsErrorsAndTheOtherRowsAreWritten() throws IOException {
        Path jsonl = write(dir.resolve("bad.jsonl"), """
                {"id": "good1", "text": "Fine."}
                {"id": "empty", "text": "   "}
                {"id": "voice", "text": "Who?", "voice": "nobody"}
                {"id": "good1", "text": "Again."}
                {"id": "GOOD1", "text": "Again, louder."}
                {"id": "seed", "text": "x", "seed": 1.5}
                {"id": "temp", "text": "x", "temperature": 99}
                {"id": "fmt", "text": "x", "format": "aac"}
                {"id": "lang", "text": "x", "language": "tlh"}
                {"id": "bad id", "text": "x"}
                {"id": "cut", "text": "x"
                {"id": "good2", "text": "Also fine.", "format": "flac"}
                """);
        Path out = dir.resolve("out");
        Cli.Result r = run(batch(jsonl, out));
        assertThat(r.exitCode()).isEqualTo(1);
        List<JsonNode> m = manifest(out);
        assertThat(m).extracting(n -> n.get("status").asText()).containsExactly("ok", "error", "error", "error",
                "error", "error", "error", "error", "error", "error", "error", "ok");
        assertThat(m).extracting(n -> n.get("error").asText()).satisfiesExactly(
                e -> assertThat(e).isEqualTo("null"),
                e -> assertThat(e).isEqualTo("line 2: the text is empty; give each row something to speak"),
                e -> assertThat(e).startsWith("line 3: Unknown voice 'nobody'. Available voices: alba"),
                e -> assertThat(e).isEqualTo("line 4: the id 'good1' is taken by an earlier row (line 1); ids must be"
                        + " unique"),
                e -> assertThat(e).startsWith("line 5: the id 'GOOD1' differs only in case from the id 'good1'"),
                e -> assertThat(e).startsWith("line 6: the seed '1.5' is not a whole number"),
                e -> assertThat(e).isEqualTo("line 7: temperature must be a number from 0 to 10, got 99.0"),
                e -> assertThat(e).startsWith("line 8: Unsupported audio format 'aac'"),
                e -> assertThat(e).startsWith("line 9: the language 'tlh' is not one Pocket TTS speaks"),
                e -> assertThat(e).startsWith("line 10: the id 'bad id' may hold only"),
                e -> assertThat(e).startsWith("line 11: malformed JSON: "),
                e -> assertThat(e).isEqualTo("null"));
        assertThat(m.get(3).get("seed").isNull()).isTrue();
        assertThat(m.get(1).get("seed").asLong()).isEqualTo(Seeds.fromId("empty"));
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly(".pocket-tts-batch.lock", "good1.wav", "good2.flac", "manifest.jsonl");
        }
        // Not a terminal: the summary and the error count, nothing else.
        assertThat(r.errorLines()).containsExactly(
                r.errorLines()[0],
                "Error: 10 of 12 rows failed; the manifest " + out.resolve("manifest.jsonl") + " says why");
        assertThat(r.errorLines()[0]).startsWith("12 rows: 2 written, 0 already complete, 10 failed; ")
                .endsWith("Manifest: " + out.resolve("manifest.jsonl"));
    }

    @Test
    void aCsvRecordWithTheWrongNumberOfFieldsIsAnErrorRowAndUnknownColumnsAreNamedOnce() {
        Path csv = write(dir.resolve("t.csv"), "id,text,chapter\na,One.,1\nb,Two.\nc,\"Three,\n3\",3,x\nd,Four.,4\n");
        Path out = dir.resolve("out");
        Cli.Result r = run(batch(csv, out));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(manifest(out)).extracting(n -> n.get("error").asText()).containsExactly("null",
                "line 3: 2 fields, but the header has 3 columns", "line 4: 4 fields, but the header has 3 columns",
                "null");
        assertThat(r.errorLines()[0]).isEqualTo("Warning: ignored the columns chapter (the columns read are id, text,"
                + " voice, seed, temperature, format, language)");
    }

    @Test
    void aResumedRunSkipsCompleteFilesAndRedoesMissingOrIncompleteOnes() throws IOException {
        Path csv = write(dir.resolve("t.csv"), CSV);
        Path out = dir.resolve("out");
        assertThat(run(batch(csv, out)).exitCode()).isZero();
        byte[] s1 = read(out.resolve("s1.wav"));
        byte[] s2 = read(out.resolve("s2.wav"));
        byte[] n1 = read(out.resolve("n1.wav"));
        List<JsonNode> first = manifest(out);
        FileTime untouched = Files.getLastModifiedTime(out.resolve("s1.wav"));
        Files.delete(out.resolve("s2.wav"));
        Files.write(out.resolve("n1.wav"), Arrays.copyOf(n1, n1.length - 100));   // a truncated copy
        Path leftover = write(out.resolve(".s2.wav.0123456789abcdef.part"), "half a file");

        Cli.Result again = run(batch(csv, out));
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(read(out.resolve("s1.wav"))).isEqualTo(s1);
        assertThat(Files.getLastModifiedTime(out.resolve("s1.wav"))).isEqualTo(untouched);
        assertThat(read(out.resolve("s2.wav"))).isEqualTo(s2);
        assertThat(read(out.resolve("n1.wav"))).isEqualTo(n1);
        assertThat(leftover).doesNotExist();
        List<JsonNode> second = manifest(out);
        assertThat(second).extracting(n -> n.get("status").asText()).containsExactly("skipped", "ok", "ok");
        assertThat(second.get(0).get("duration_s")).isEqualTo(first.get(0).get("duration_s"));
        assertThat(second).extracting(n -> n.get("seed").asLong())
                .containsExactly(11L, -5L, Seeds.fromId("n1"));
        assertThat(again.errorLines()[0]).startsWith("3 rows: 2 written, 1 already complete, 0 failed");

        Cli.Result third = run(batch(csv, out, "-q"));
        assertThat(third.exitCode()).isZero();
        assertThat(third.stderr()).isEmpty();
        assertThat(manifest(out)).extracting(n -> n.get("status").asText()).containsOnly("skipped");
    }

    @Test
    void theManifestOfAKilledRunIsKeptAndItsCutLastLineDoesNotSpoilTheNext() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        write(out.resolve("manifest.jsonl"), "{\"id\":\"s1\",\"path\":\"s1.wav\",\"status\":\"ok\",\"dura");
        Cli.Result r = run(batch(write(dir.resolve("t.csv"), CSV), out));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(manifest(out)).hasSize(3);
    }

    @Test
    void formatsComeFromTheOptionOrTheRowAndLosslessOnesHoldTheSameSamples() throws IOException {
        Path csv = write(dir.resolve("t.csv"), "id,text,seed,format\nw,Same.,5,wav\np,Same.,5,pcm\nf,Same.,5,\n"
                + "m,Same.,5,MP3\no,Same.,5,opus\n");
        Path out = dir.resolve("out");
        Cli.Result r = run(batch(csv, out, "--format", "flac"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(manifest(out)).extracting(n -> n.get("path").asText()).containsExactly("w.wav", "p.pcm", "f.flac",
                "m.mp3", "o.opus");
        byte[] wav = read(out.resolve("w.wav"));
        assertThat(read(out.resolve("p.pcm"))).isEqualTo(Arrays.copyOfRange(wav, 44, wav.length));
        assertThat(new String(read(out.resolve("f.flac")), 0, 4)).isEqualTo("fLaC");
        assertThat(new String(read(out.resolve("o.opus")), 0, 4)).isEqualTo("OggS");
        assertThat(read(out.resolve("m.mp3"))[0]).isEqualTo((byte) 0xff);
    }

    @Test
    void theNumberOfJobsDoesNotChangeTheAudio() throws IOException {
        Path csv = write(dir.resolve("t.csv"), CSV);
        assertThat(run(batch(csv, dir.resolve("one"), "--jobs", "1")).exitCode()).isZero();
        assertThat(run(batch(csv, dir.resolve("three"), "--jobs", "3")).exitCode()).isZero();
        for (String file : List.of("s1.wav", "s2.wav", "n1.wav")) {
            assertThat(read(dir.resolve("three").resolve(file))).isEqualTo(read(dir.resolve("one").resolve(file)));
        }
    }

    @Test
    void onATerminalProgressIsDrawnAndFailedRowsAreNamed() {
        Path csv = write(dir.resolve("t.csv"), CSV + "bad,,,\n");
        Cli.Result r = new Cli(dir).interactive(true).run(batch(csv, dir.resolve("out"), "--jobs", "1"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("\rRows 1/4 [#####               ] ").contains("x real time, ETA ")
                .contains("Error: bad: line 5: the text is empty")
                .contains("\r4 rows: 3 written, 0 already complete, 1 failed; ");
    }

    @Test
    void quietPrintsOnlyTheFailure() {
        Path csv = write(dir.resolve("t.csv"), "id,text\na,Fine.\nb,\n");
        Cli.Result r = run(batch(csv, dir.resolve("out"), "-q"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: 1 of 2 rows failed; the manifest "
                + dir.resolve("out").resolve("manifest.jsonl") + " says why");
    }

    @Test
    void problemsWithTheRunAreOneErrorLine() throws IOException {
        Path out = dir.resolve("out");
        Cli.Result missing = run(batch(dir.resolve("none.csv"), out));
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errorLines()).containsExactly("Error: Cannot read the table " + dir.resolve("none.csv")
                + ": it does not exist");

        Path csv = write(dir.resolve("t.csv"), CSV);
        Path file = write(dir.resolve("a-file"), "x");
        Cli.Result notAFolder = run(batch(csv, file));
        assertThat(notAFolder.errorLines()).containsExactly("Error: Cannot create the output folder " + file
                + ": a file has that name");
        assertThat(notAFolder.exitCode()).isEqualTo(1);

        assertThat(run(batch(write(dir.resolve("t.txt"), CSV), out)).errorLines()).containsExactly("Error: Cannot tell"
                + " the format of the table t.txt: its name should end in .csv (comma-separated values with a header"
                + " row) or .jsonl (JSON Lines)");
        assertThat(run(batch(write(dir.resolve("h.csv"), "id,words\n"), out)).errorLines()).containsExactly("Error: The"
                + " table " + dir.resolve("h.csv") + " has no 'text' column (its header names id, words); every row"
                + " needs an id and a text");
        assertThat(run(batch(csv, out, "--jobs", "0")).errorLines()).containsExactly("Error: --jobs must be from 1 to"
                + " 64, got 0");
        Cli.Result tooMany = run(batch(csv, out, "--jobs", "65"));
        assertThat(tooMany.errorLines()).containsExactly("Error: --jobs must be from 1 to 64, got 65");
        assertThat(tooMany.exitCode()).isEqualTo(1);
        assertThat(run(batch(csv, out, "--jobs", "64", "-q")).exitCode()).isZero();
        assertThat(run(batch(csv, out, "--temperature", "20")).errorLines()).containsExactly("Error: temperature must"
                + " be a number from 0 to 10, got 20.0");

        Cli.Result malformed = run("batch", csv.toString());
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.errorLines()[0]).startsWith("Error: Missing required option: '--output-dir=DIR'");
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedWhileTheFirstHoldsIt() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        try (var channel = java.nio.channels.FileChannel.open(out.resolve(".pocket-tts-batch.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.lock()) {
            Cli.Result r = run(batch(write(dir.resolve("t.csv"), CSV), out));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errorLines()).containsExactly("Error: Another batch run is writing to " + out + "; wait for it"
                    + " to end or give another --output-dir");
        }
    }

    @Test
    void theOptionsOfGenerateReachBatch() {
        String help = new String(run("batch", "--help").stdout());
        for (String option : List.of("--voice", "--lsd-decode-steps", "--temperature", "--noise-clamp",
                "--eos-threshold", "--frames-after-eos", "--max-tokens", "--seed", "--max-audio-seconds", "--format",
                "--variant", "--config", "--device", "--quiet", "--jobs", "--output-dir")) {
            assertThat(help).contains(option);
        }
    }
}
