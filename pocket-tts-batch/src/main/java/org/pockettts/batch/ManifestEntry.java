package org.pockettts.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.pockettts.api.PocketTtsException;

/**
 * One line of the manifest: what became of one row. Every key is written, {@code null} where it
 * does not apply, in this order: {@code id, path, status, duration_s, error, elapsed_s, seed}.
 *
 * @param id the row's id as written, or null when it has none
 * @param path the audio file's name in the output folder ({@code <id>.<format>}); null for an error
 * @param status {@code ok} (written now), {@code skipped} (complete from an earlier run) or {@code error}
 * @param durationSeconds seconds of audio in the file, the closing 0.2 s of silence included
 *     (milliseconds); for a skipped file, what the earlier run recorded, else null
 * @param error what is wrong with the row, or null
 * @param elapsedSeconds seconds spent on the row (milliseconds): its voice when first needed, the
 *     generation and the encoding
 * @param seed the seed of the noise the row's audio was or would be made with; null when the row has
 *     no valid id or seed
 */
public record ManifestEntry(String id, String path, String status, Double durationSeconds, String error,
                            double elapsedSeconds, Long seed) {

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String ERROR = "error";

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ManifestEntry {
        durationSeconds = durationSeconds == null ? null : milliseconds(durationSeconds);
        elapsedSeconds = milliseconds(elapsedSeconds);
    }

    /** A row written now. */
    public static ManifestEntry ok(Job job, double durationSeconds, double elapsedSeconds) {
        return new ManifestEntry(job.id(), job.fileName(), OK, durationSeconds, null, elapsedSeconds, job.seed());
    }

    /** A row whose file an earlier run completed; {@code durationSeconds} as it recorded, or null. */
    public static ManifestEntry skipped(Job job, Double durationSeconds) {
        return new ManifestEntry(job.id(), job.fileName(), SKIPPED, durationSeconds, null, 0, job.seed());
    }

    /** A row that broke a rule. */
    public static ManifestEntry rejected(Rejected r) {
        return new ManifestEntry(r.id(), null, ERROR, null, r.message(), 0, r.seed());
    }

    /** A valid row whose voice, generation or file failed with {@code failure}. */
    public static ManifestEntry failed(Job job, Exception failure, double elapsedSeconds) {
        String at = job.position() == null ? "" : job.position() + ": ";
        return new ManifestEntry(job.id(), null, ERROR, null, at + describe(failure), elapsedSeconds, job.seed());
    }

    /** One line saying what went wrong: the engine's and I/O messages as they are. */
    static String describe(Exception failure) {
        Throwable e = failure instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : failure;
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        String message = e.getMessage() == null ? null : e.getMessage().replace('\n', ' ');
        if (e instanceof PocketTtsException || e instanceof IOException) {
            return message != null ? message : "an I/O error";
        }
        return "unexpected failure" + (message != null ? ": " + message : "") + "; please report it";
    }

    public boolean isError() {
        return status.equals(ERROR);
    }

    /** The line, without its line break. */
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("path", path);
            g.writeStringField("status", status);
            if (durationSeconds == null) {
                g.writeNullField("duration_s");
            } else {
                g.writeNumberField("duration_s", durationSeconds);
            }
            g.writeStringField("error", error);
            g.writeNumberField("elapsed_s", elapsedSeconds);
            if (seed == null) {
                g.writeNullField("seed");
            } else {
                g.writeNumberField("seed", seed);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The entry of a manifest line, or null when the line is not one (a line cut short by a killed
     * run, say).
     */
    public static ManifestEntry parse(String line) {
        try {
            JsonNode n = MAPPER.readTree(line);
            if (n == null || !n.isObject() || !n.path("status").isTextual()) {
                return null;
            }
            return new ManifestEntry(text(n, "id"), text(n, "path"), n.get("status").asText(),
                    n.path("duration_s").isNumber() ? n.get("duration_s").asDouble() : null, text(n, "error"),
                    n.path("elapsed_s").asDouble(), n.path("seed").canConvertToLong() ? n.get("seed").asLong() : null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double milliseconds(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
