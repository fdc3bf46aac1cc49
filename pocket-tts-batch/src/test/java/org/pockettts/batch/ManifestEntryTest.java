package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pockettts.GenerationOptions;
import org.pockettts.api.InvalidInputException;
import org.pockettts.formats.AudioFormat;

/** A manifest line has every key, in order, with null where it does not apply. */
class ManifestEntryTest {

    private static final Job JOB = new Job(0, "line 2", "a", "Hi.", "alba", GenerationOptions.defaults().withSeed(42L),
            AudioFormat.MP3);

    private static List<String> keys(JsonNode n) {
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void linesHaveEveryKeyInOrder() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode ok = json.readTree(ManifestEntry.ok(JOB, 1.23456, 0.5).toJson());
        assertThat(keys(ok)).containsExactly("id", "path", "status", "duration_s", "error", "elapsed_s", "seed");
        assertThat(ok.toString()).isEqualTo("{\"id\":\"a\",\"path\":\"a.mp3\",\"status\":\"ok\",\"duration_s\":1.235,"
                + "\"error\":null,\"elapsed_s\":0.5,\"seed\":42}");
        JsonNode rejected = json.readTree(ManifestEntry.rejected(new Rejected(3, null, null, "line 4: bad")).toJson());
        assertThat(rejected.toString()).isEqualTo("{\"id\":null,\"path\":null,\"status\":\"error\",\"duration_s\":null,"
                + "\"error\":\"line 4: bad\",\"elapsed_s\":0.0,\"seed\":null}");
        assertThat(json.readTree(ManifestEntry.skipped(JOB, null).toJson()).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void linesReadBackAndBrokenLinesAreIgnored() {
        ManifestEntry e = ManifestEntry.ok(JOB, 2, 3);
        assertThat(ManifestEntry.parse(e.toJson())).isEqualTo(e);
        assertThat(ManifestEntry.parse("{\"id\":\"a\",\"pa")).isNull();
        assertThat(ManifestEntry.parse("[]")).isNull();
    }

    @Test
    void failuresAreOneLineWithThePositionAndNoClassNames() {
        assertThat(ManifestEntry.failed(JOB, new InvalidInputException("A sentence is\ntoo long"), 1).error())
                .isEqualTo("line 2: A sentence is too long");
        assertThat(ManifestEntry.failed(JOB, new NoSuchFileException("/v/x.wav"), 1).error())
                .isEqualTo("line 2: file not found: /v/x.wav");
        assertThat(ManifestEntry.failed(JOB, new IllegalStateException("boom"), 1).error())
                .isEqualTo("line 2: unexpected failure: boom; please report it");
    }
}
