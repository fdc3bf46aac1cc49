package org.pockettts.batch;

import java.util.Map;

/**
 * One row of the input table as read, before any rule is applied: its values as text (absent or
 * empty values are missing from the map), or the reason it could not be read at all.
 *
 * @param ordinal the row's place in the table, from 0, which orders the manifest
 * @param position where the row is, for messages ({@code line 12}); null where the source has no lines
 * @param values column name to value, as text
 * @param problem why the row could not be read (malformed JSON, wrong column count), or null
 */
public record RawRow(long ordinal, String position, Map<String, String> values, String problem) {

    public RawRow {
        values = Map.copyOf(values);
    }

    /** A row that was read. */
    public static RawRow of(long ordinal, String position, Map<String, String> values) {
        return new RawRow(ordinal, position, values, null);
    }

    /** A row that could not be read. */
    public static RawRow unreadable(long ordinal, String position, String problem) {
        return new RawRow(ordinal, position, Map.of(), problem);
    }

    /** The value of {@code column}, or null when missing. */
    public String get(String column) {
        return values.get(column);
    }
}
