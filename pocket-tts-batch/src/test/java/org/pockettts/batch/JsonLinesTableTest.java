package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON Lines tables: one object per line, values read as the text they are written as. */
class JsonLinesTableTest {

    private static List<RawRow> rows(String text) {
        return Tables.rows(text, TableFormat.JSONL);
    }

    @Test
    void valuesAreTheirWrittenTextAndNullIsMissing() {
        List<RawRow> rows = rows("\uFEFF{\"id\": \"a\", \"text\": \"Hi \\\"you\\\"\\n\", \"seed\": 42, \"temperature\": 0.70,"
                + " \"voice\": null}\r\n\n   \n{\"id\":7,\"text\":\"x\",\"format\":true}\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).values()).isEqualTo(Map.of("id", "a", "text", "Hi \"you\"\n", "temperature", "0.70",
                "seed", "42"));
        assertThat(rows.get(1).values()).isEqualTo(Map.of("id", "7", "text", "x", "format", "true"));
        assertThat(rows).extracting(RawRow::position).containsExactly("line 1", "line 4");
    }

    @Test
    void linesThatAreNotOneFlatObjectCouldNotBeRead() {
        List<RawRow> rows = rows("{\"id\": \"a\", \"text\": \"ok\"}\n"
                + "{\"id\": \"b\", \"text\": \"cut\n"
                + "[1, 2]\n"
                + "{\"id\": \"c\", \"id\": \"d\", \"text\": \"x\"}\n"
                + "{\"id\": \"e\", \"text\": {\"nested\": 1}}\n"
                + "{\"id\": \"f\", \"text\": [\"x\"]}\n"
                + "{\"id\": \"g\", \"text\": \"x\"} {}\n"
                + "{\"id\": \"h\", \"text\": \"last\"}");
        assertThat(rows).extracting(RawRow::problem).satisfiesExactly(
                p -> assertThat(p).isNull(),
                p -> assertThat(p).startsWith("malformed JSON: "),
                p -> assertThat(p).isEqualTo("not a JSON object; each line must be one object such as"
                        + " {\"id\": \"a1\", \"text\": \"Hello.\"}"),
                p -> assertThat(p).isEqualTo("the key 'id' appears twice"),
                p -> assertThat(p).isEqualTo("the value of 'text' is an object; give a string or a number"),
                p -> assertThat(p).isEqualTo("the value of 'text' is an array; give a string or a number"),
                p -> assertThat(p).isEqualTo("more than one JSON value on the line"),
                p -> assertThat(p).isNull());
        assertThat(rows.get(7).get("text")).isEqualTo("last");
        assertThat(rows).extracting(RawRow::ordinal).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }

    @Test
    void unknownKeysAreCollectedAsTheyAppearUpToTheLimit() {
        StringBuilder text = new StringBuilder("{\"id\": \"a\", \"text\": \"x\", \"chapter\": 1}\n");
        for (int i = 0; i < Table.MAX_UNKNOWN_COLUMNS + 5; i++) {
            text.append("{\"id\": \"r").append(i).append("\", \"text\": \"x\", \"k").append(i).append("\": 1}\n");
        }
        try (Table t = Tables.open(text.toString(), TableFormat.JSONL)) {
            t.forEachRemaining(r -> assertThat(r.values()).containsOnlyKeys("id", "text"));
            assertThat(t.unknownColumns()).hasSize(Table.MAX_UNKNOWN_COLUMNS).startsWith("chapter", "k0");
        }
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedAndTheNextOneIsRead() {
        String longLine = "{\"id\": \"a\", \"text\": \"" + "x".repeat(Table.MAX_ROW_CHARS) + "\"}";
        List<RawRow> rows = rows(longLine + "\n{\"id\": \"b\", \"text\": \"after\"}\n");
        assertThat(rows.get(0).problem()).isEqualTo("the row is longer than " + Table.MAX_ROW_CHARS
                + " characters; split its text into several rows");
        assertThat(rows.get(1).get("text")).isEqualTo("after");
    }
}
