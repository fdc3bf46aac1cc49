package org.pockettts.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON Lines table: one JSON object per line, blank lines skipped. Values are read as the text
 * they are written as: a string as itself, a number as its digits ({@code 0.70} stays
 * {@code "0.70"}), {@code true}/{@code false} as words; {@code null} is a missing value. A line that
 * is not one JSON object, names a key twice or holds an object or array as a value is a row that
 * could not be read.
 */
final class JsonLinesTable extends ReadAheadTable {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final TextInput in;
    private final Set<String> unknown = new LinkedHashSet<>();
    private final StringBuilder line = new StringBuilder();
    private long ordinal;

    JsonLinesTable(TextInput in) {
        this.in = in;
    }

    @Override
    public List<String> unknownColumns() {
        return List.copyOf(unknown);
    }

    @Override
    RawRow readRow() {
        while (true) {
            long number = in.line();
            long chars = readLine();
            if (chars < 0) {
                return null;
            }
            if (line.toString().isBlank() && chars <= MAX_ROW_CHARS) {
                continue;
            }
            String position = "line " + number;
            long n = ordinal++;
            if (chars > MAX_ROW_CHARS) {
                return RawRow.unreadable(n, position, "the row is longer than " + MAX_ROW_CHARS
                        + " characters; split its text into several rows");
            }
            return parse(n, position, line.toString());
        }
    }

    /** Reads the next line (without its CR LF or LF) into {@link #line}; its length, or -1 at the end. */
    private long readLine() {
        line.setLength(0);
        long chars = 0;
        int c = in.read();
        if (c == -1) {
            return -1;
        }
        while (c != -1 && c != '\n') {
            chars++;
            if (chars <= MAX_ROW_CHARS) {
                line.append((char) c);
            }
            c = in.read();
        }
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
            chars--;
        }
        return chars;
    }

    private RawRow parse(long ordinal, String position, String text) {
        Map<String, String> values = new HashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return RawRow.unreadable(ordinal, position, "not a JSON object; each line must be one object such as"
                        + " {\"id\": \"a1\", \"text\": \"Hello.\"}");
            }
            Set<String> keys = new HashSet<>();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (!keys.add(key)) {
                    return RawRow.unreadable(ordinal, position, "the key '" + key + "' appears twice");
                }
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    return RawRow.unreadable(ordinal, position, "the value of '" + key + "' is "
                            + (value == JsonToken.START_OBJECT ? "an object" : "an array")
                            + "; give a string or a number");
                }
                if (!Columns.isKnown(key)) {
                    if (unknown.size() < MAX_UNKNOWN_COLUMNS) {
                        unknown.add(key);
                    }
                } else if (value != JsonToken.VALUE_NULL) {
                    values.put(key, p.getText());
                }
            }
            if (p.nextToken() != null) {
                return RawRow.unreadable(ordinal, position, "more than one JSON value on the line");
            }
            return RawRow.of(ordinal, position, values);
        } catch (JsonProcessingException e) {
            return RawRow.unreadable(ordinal, position, "malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        in.close();
    }
}
