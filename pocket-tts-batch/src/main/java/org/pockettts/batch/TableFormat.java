package org.pockettts.batch;

import java.util.Locale;
import org.pockettts.api.InvalidInputException;

/** The text formats of an input table, told by the file's extension. */
public enum TableFormat {

    /** Comma-separated values with a header row (RFC 4180). */
    CSV,
    /** One JSON object per line. */
    JSONL;

    /**
     * The format of a file called {@code name}: {@code .csv}, or {@code .jsonl} / {@code .ndjson}
     * (case-insensitive).
     *
     * @throws InvalidInputException for any other name, saying which names are read
     */
    public static TableFormat fromFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return CSV;
        }
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return JSONL;
        }
        throw new InvalidInputException("Cannot tell the format of the table " + name
                + ": its name should end in .csv (comma-separated values with a header row) or .jsonl (JSON Lines)");
    }
}
