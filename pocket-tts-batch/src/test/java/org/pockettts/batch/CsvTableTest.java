package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;

/** CSV tables are read as RFC 4180 says, and every malformed record is a row of its own that could not be read. */
class CsvTableTest {

    private static List<RawRow> rows(String text) {
        return Tables.rows(text, TableFormat.CSV);
    }

    @Test
    void quotedFieldsHoldCommasLineBreaksAndDoubledQuotes() {
        List<RawRow> rows = rows("id,text\r\na,\"Hello, world.\"\r\nb,\"Two\r\nlines, \"\"quoted\"\".\"\r\nc,plain\n");
        assertThat(rows).extracting(r -> r.get("text"))
                .containsExactly("Hello, world.", "Two\r\nlines, \"quoted\".", "plain");
        assertThat(rows).extracting(RawRow::position).containsExactly("line 2", "line 3", "line 5");
        assertThat(rows).extracting(RawRow::ordinal).containsExactly(0L, 1L, 2L);
    }

    @Test
    void byteOrderMarkBlankLinesAndAMissingLastLineBreakAreTolerated() {
        List<RawRow> rows = rows("\uFEFFid,text\n\na,one\r\n\r\nb,two");
        assertThat(rows).extracting(r -> r.get("id")).containsExactly("a", "b");
        assertThat(rows).extracting(RawRow::position).containsExactly("line 3", "line 5");
    }

    @Test
    void emptyFieldsAreEmptyValuesAndUnknownColumnsAreNamedNotKept() {
        try (Table t = Tables.open("id,chapter,text,seed\na,1,Hi,\n", TableFormat.CSV)) {
            assertThat(t.unknownColumns()).containsExactly("chapter");
            RawRow row = t.next();
            assertThat(row.values()).isEqualTo(Map.of("id", "a", "text", "Hi", "seed", ""));
            assertThat(t.hasNext()).isFalse();
        }
    }

    @Test
    void malformedRecordsAreRowsThatCouldNotBeReadAndReadingGoesOn() {
        List<RawRow> rows = rows("id,text\n"
                + "a,one,extra\n"
                + "b\n"
                + "c,say \"hi\"\n"
                + "d,\"closed\" then more\n"
                + "e,fine\n"
                + "f,\"never closed\nat all\n");
        assertThat(rows).extracting(RawRow::problem).containsExactly(
                "3 fields, but the header has 2 columns",
                "1 field, but the header has 2 columns",
                "a double quote inside the unquoted field 2; quote the whole field and double the quotes inside it",
                "text after the closing quote of field 2; quote the whole field and double the quotes inside it",
                null,
                "a quoted field is not closed before the end of the table; close it with a double quote");
        assertThat(rows.get(4).get("id")).isEqualTo("e");
        assertThat(rows).extracting(RawRow::position)
                .containsExactly("line 2", "line 3", "line 4", "line 5", "line 6", "line 7");
    }

    @Test
    void aRowLongerThanTheLimitIsRefusedAndTheNextOneIsRead() {
        String longText = "x".repeat(Table.MAX_ROW_CHARS);
        List<RawRow> rows = rows("id,text\na," + longText + "\nb,\"" + longText.substring(2) + "\"\nc,after\n");
        assertThat(rows.get(0).problem()).isEqualTo("the row is longer than " + Table.MAX_ROW_CHARS
                + " characters; split its text into several rows");
        // Within the limit: the fields' characters count, not the separators and quotes.
        assertThat(rows.get(1).problem()).isNull();
        assertThat(rows.get(2).get("text")).isEqualTo("after");
    }

    @Test
    void headerProblemsStopTheRunBeforeAnyRow() {
        assertThatThrownBy(() -> rows("")).isInstanceOf(InvalidInputException.class)
                .hasMessage("The table test is empty: a CSV table starts with a header row naming its columns,"
                        + " such as id,text");
        assertThatThrownBy(() -> rows("id,voice\na,alba\n")).hasMessage("The table test has no 'text' column (its"
                + " header names id, voice); every row needs an id and a text");
        assertThatThrownBy(() -> rows("id,text,id\n")).hasMessage("The header row of test names the column 'id' twice");
        assertThatThrownBy(() -> rows("id,,text\n")).hasMessage("The header row of test has a column without a name");
    }

    @Test
    void bytesThatAreNotUtf8StopTheReadingNamingTheLine() {
        byte[] bytes = {'i', 'd', ',', 't', 'e', 'x', 't', '\n', 'a', ',', (byte) 0xff, '\n'};
        assertThatThrownBy(() -> {
            try (Table t = Table.open(new java.io.ByteArrayInputStream(bytes), TableFormat.CSV, "bad.csv")) {
                t.forEachRemaining(r -> { });
            }
        }).isInstanceOf(InvalidInputException.class).hasMessageContaining("The table bad.csv is not UTF-8 text");
    }

    /** Seeded: fields of commas, quotes, CR, LF and letters, quoted as RFC 4180 says, read back as written. */
    @Test
    void anyFieldsWrittenAsTheRfcSaysReadBackExactly() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        String alphabet = "ab ,\"\r\n\u00e9\u20ac";
        for (int round = 0; round < 200; round++) {
            List<String> texts = new ArrayList<>();
            StringBuilder csv = new StringBuilder("id,text\r\n");
            int n = 1 + random.nextInt(5);
            for (int i = 0; i < n; i++) {
                StringBuilder text = new StringBuilder("t");
                for (int k = random.nextInt(12); k > 0; k--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                texts.add(text.toString());
                csv.append("r").append(i).append(',').append(rfcField(text.toString()))
                        .append(random.nextBoolean() ? "\r\n" : "\n");
            }
            assertThat(rows(csv.toString())).as("seed %d, table %s", seed, csv).extracting(r -> r.get("text"))
                    .containsExactlyElementsOf(texts);
        }
    }

    /** A field as RFC 4180 writes it: in quotes, with quotes doubled, when it holds a comma, quote or line break. */
    private static String rfcField(String s) {
        boolean quote = s.contains(",") || s.contains("\"") || s.contains("\r") || s.contains("\n");
        return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
