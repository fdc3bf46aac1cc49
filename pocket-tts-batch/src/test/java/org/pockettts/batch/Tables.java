package org.pockettts.batch;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a table from text, for the tests. */
final class Tables {

    private Tables() {
    }

    static Table open(String text, TableFormat format) {
        return Table.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format, "test");
    }

    static List<RawRow> rows(String text, TableFormat format) {
        List<RawRow> rows = new ArrayList<>();
        try (Table t = open(text, format)) {
            t.forEachRemaining(rows::add);
        }
        return rows;
    }
}
