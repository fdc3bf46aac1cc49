package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV file written by Python's csv module (a second implementation of the format) reads back as Python wrote it. */
class PythonCsvTest {

    @TempDir
    Path dir;

    @Test
    void pythonsCsvWriterAndOurReaderAgree() throws IOException, InterruptedException {
        Path csv = dir.resolve("t.csv");
        Path json = dir.resolve("t.json");
        String script = String.join("\n",
                "import csv, json, sys",
                "rows = [['a', 'Hello, world.'], ['b', 'He said \"hi\".\\nThen left.'], ['c', '  spaced  '],",
                "        ['d', 'caf\\u00e9 \\u20ac \\U0001F642'], ['e', ''], ['f', 'a\\r\\nb,\"c\"']]",
                "with open(sys.argv[1], 'w', newline='', encoding='utf-8-sig') as f:",
                "    w = csv.writer(f)",
                "    w.writerow(['id', 'text'])",
                "    w.writerows(rows)",
                "json.dump([r[1] for r in rows], open(sys.argv[2], 'w'))");
        Process p;
        try {
            p = new ProcessBuilder("python3", "-c", script, csv.toString(), json.toString()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assumeTrue(p.exitValue() == 0, "python3 could not write the table: " + out);
        List<?> expected = new ObjectMapper().readValue(json.toFile(), List.class);
        try (Table t = Table.open(Files.newInputStream(csv), TableFormat.CSV, "t.csv")) {
            List<String> texts = new java.util.ArrayList<>();
            t.forEachRemaining(r -> texts.add(r.get("text")));
            assertThat(texts).isEqualTo(expected);
        }
    }
}
