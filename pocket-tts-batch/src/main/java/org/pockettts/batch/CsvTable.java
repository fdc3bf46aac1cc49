package org.pockettts.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pockettts.api.InvalidInputException;

/**
 * A CSV table (RFC 4180): a header row naming the columns, then one record per row; fields
 * separated by commas, records by CRLF or LF; a field in double quotes may hold commas, line breaks
 * and doubled quotes ({@code ""}). Blank lines are skipped. A record with another number of fields
 * than the header, a quote inside an unquoted field, text after a closing quote or a quote never
 * closed make a row that could not be read; reading goes on at the next record.
 */
final class CsvTable extends ReadAheadTable {

    private final TextInput in;
    private final List<String> header;
    private final List<String> unknown;
    private long ordinal;

    /** One record as read. */
    private record Record(List<String> fields, long line, String problem) {
    }

    CsvTable(TextInput in, String name) {
        this.in = in;
        Record head = readRecord();
        if (head == null) {
            throw new InvalidInputException("The table " + name + " is empty: a CSV table starts with a header row"
                    + " naming its columns, such as id,text");
        }
        if (head.problem() != null) {
            throw new InvalidInputException("The header row of " + name + " is malformed: " + head.problem());
        }
        header = head.fields().stream().map(String::strip).toList();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> unknownColumns = new LinkedHashSet<>();
        for (String column : header) {
            if (column.isEmpty()) {
                throw new InvalidInputException("The header row of " + name + " has a column without a name");
            }
            if (!seen.add(column)) {
                throw new InvalidInputException("The header row of " + name + " names the column '" + column
                        + "' twice");
            }
            if (!Columns.isKnown(column) && unknownColumns.size() < MAX_UNKNOWN_COLUMNS) {
                unknownColumns.add(column);
            }
        }
        for (String required : Columns.REQUIRED) {
            if (!seen.contains(required)) {
                throw new InvalidInputException("The table " + name + " has no '" + required + "' column (its header"
                        + " names " + String.join(", ", header) + "); every row needs an id and a text");
            }
        }
        unknown = List.copyOf(unknownColumns);
    }

    @Override
    public List<String> unknownColumns() {
        return unknown;
    }

    @Override
    RawRow readRow() {
        Record r = readRecord();
        if (r == null) {
            return null;
        }
        String position = "line " + r.line();
        long n = ordinal++;
        if (r.problem() != null) {
            return RawRow.unreadable(n, position, r.problem());
        }
        if (r.fields().size() != header.size()) {
            return RawRow.unreadable(n, position, r.fields().size() + (r.fields().size() == 1 ? " field" : " fields")
                    + ", but the header has " + header.size() + " columns");
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            if (Columns.isKnown(header.get(i))) {
                values.put(header.get(i), r.fields().get(i));
            }
        }
        return RawRow.of(n, position, values);
    }

    /** The next record that is not a blank line, or null at the end. */
    private Record readRecord() {
        while (true) {
            int c = in.read();
            if (c == -1) {
                return null;
            }
            long line = in.line() - (c == '\n' ? 1 : 0);
            if (c == '\n' || (c == '\r' && in.peek() == '\n')) {
                if (c == '\r') {
                    in.read();
                }
                continue;
            }
            in.unread(c);
            return readFields(line);
        }
    }

    /** Reads one record starting at {@code line}, to the end of its last line. */
    private Record readFields(long line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String problem = null;
        long chars = 0;
        while (true) {
            int c = in.read();
            boolean quoted = c == '"';
            if (quoted) {
                while (true) {
                    c = in.read();
                    if (c == -1) {
                        problem = first(problem, "a quoted field is not closed before the end of the table;"
                                + " close it with a double quote");
                        break;
                    }
                    if (c == '"') {
                        c = in.read();
                        if (c != '"') {
                            break;
                        }
                    }
                    chars++;
                    if (chars <= MAX_ROW_CHARS) {
                        field.append((char) c);
                    }
                }
            }
            // Unquoted content, or what follows a closing quote: up to the field's end.
            while (c != -1 && c != ',' && c != '\n' && !(c == '\r' && in.peek() == '\n')) {
                if (quoted) {
                    problem = first(problem, "text after the closing quote of field " + (fields.size() + 1)
                            + "; quote the whole field and double the quotes inside it");
                } else if (c == '"') {
                    problem = first(problem, "a double quote inside the unquoted field " + (fields.size() + 1)
                            + "; quote the whole field and double the quotes inside it");
                }
                chars++;
                if (chars <= MAX_ROW_CHARS) {
                    field.append((char) c);
                }
                c = in.read();
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                continue;
            }
            if (c == '\r') {
                in.read();
            }
            if (chars > MAX_ROW_CHARS) {
                problem = "the row is longer than " + MAX_ROW_CHARS + " characters; split its text into several rows";
            }
            return new Record(fields, line, problem);
        }
    }

    private static String first(String existing, String problem) {
        return existing != null ? existing : problem;
    }

    @Override
    public void close() {
        in.close();
    }
}
