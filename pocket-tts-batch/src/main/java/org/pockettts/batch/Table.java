package org.pockettts.batch;

import java.io.InputStream;
import java.util.Iterator;
import java.util.List;

/**
 * The rows of an input table as text, read one at a time so that a table of any length takes
 * memory for one row. A row longer than {@link #MAX_ROW_CHARS} characters is read past and becomes
 * a row that could not be read.
 */
public interface Table extends Iterator<RawRow>, AutoCloseable {

    /** The most characters one row may hold (about 19 hours of speech at 15 characters a second). */
    int MAX_ROW_CHARS = 1 << 20;

    /** At most this many unknown column names are remembered for the warning. */
    int MAX_UNKNOWN_COLUMNS = 20;

    /**
     * Columns seen so far that the rules do not read (at most {@link #MAX_UNKNOWN_COLUMNS}), in the
     * order first seen: a CSV table's are known from its header, a JSON Lines table's grow as it is read.
     */
    List<String> unknownColumns();

    /** Releases the input. */
    @Override
    void close();

    /**
     * Opens the table in {@code in}, called {@code name} in messages; a CSV table's header is read at once.
     *
     * @throws org.pockettts.api.InvalidInputException when a CSV table has no header row, or a
     *     header without the required columns or with a column twice
     */
    static Table open(InputStream in, TableFormat format, String name) {
        TextInput text = new TextInput(in, name);
        try {
            return switch (format) {
                case CSV -> new CsvTable(text, name);
                case JSONL -> new JsonLinesTable(text);
            };
        } catch (RuntimeException e) {
            text.close();
            throw e;
        }
    }
}
