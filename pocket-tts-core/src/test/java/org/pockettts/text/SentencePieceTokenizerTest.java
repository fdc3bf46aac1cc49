package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;

class SentencePieceTokenizerTest {

    private static final SentencePieceTokenizer TINY = SentencePieceTokenizer.load(Fixtures.tiny("tokenizer.model"));

    @Test
    void encodesEveryTinyFixtureCaseExactlyAsTheReference() {
        JsonNode cases = Fixtures.golden().get("tokenizer");
        assertThat(cases.size()).isGreaterThan(10);
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            int[] expected = ids(c.get("ids"));
            int[] actual = TINY.encode(text);
            if (!Arrays.equals(expected, actual)) {
                mismatches.add(text + ": expected " + Arrays.toString(expected) + " got "
                        + Arrays.toString(actual));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void decodingTheTinyFixtureIdsGivesBackTheTexts() {
        for (JsonNode c : Fixtures.golden().get("tokenizer")) {
            String text = c.get("text").asText();
            assertThat(TINY.decode(ids(c.get("ids")))).as("decode of %s", text).isEqualTo(text);
        }
    }

    @Test
    void encodesEverySharedGoldenOfTheReconstructedModelExactly() throws IOException {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.load(
                Fixtures.shared("derived/tokenizer.reconstructed-from-tokenizer-json.model"));
        JsonNode cases = new ObjectMapper()
                .readTree(Fixtures.shared("derived/tokenizer-goldens.json").toFile()).get("cases");
        assertThat(tokenizer.vocabSize()).isEqualTo(4000);
        assertThat(cases.size()).isGreaterThan(80);
        List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            String text = c.get("text").asText();
            int[] expected = ids(c.get("ids"));
            int[] actual = tokenizer.encode(text);
            if (!Arrays.equals(expected, actual)) {
                mismatches.add(text + ": expected " + Arrays.toString(expected) + " got "
                        + Arrays.toString(actual));
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void looksUpPiecesAndIdsOfTheTinyVocabulary() {
        assertThat(TINY.vocabSize()).isEqualTo(1000);
        assertThat(TINY.idToPiece(0)).isEqualTo("<unk>");
        assertThat(TINY.idToPiece(3)).isEqualTo("<0x00>");
        assertThat(TINY.idToPiece(259)).isEqualTo("\u2581");
        assertThat(TINY.pieceToId("\u2581")).isEqualTo(259);
        assertThat(TINY.pieceToId("<0x41>")).isEqualTo(3 + 0x41);
        assertThat(TINY.pieceToId("no such piece")).isEqualTo(TINY.unkId()).isEqualTo(0);
        for (int id = 0; id < TINY.vocabSize(); id++) {
            assertThat(TINY.pieceToId(TINY.idToPiece(id))).isEqualTo(id);
        }
        assertThatThrownBy(() -> TINY.idToPiece(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000");
    }

    @Test
    void decodingDropsControlPiecesAndShowsTheUnknownPieceAsDoubleQuestionMark() {
        int[] hello = TINY.encode("hello");
        int[] withMarkers = new int[hello.length + 2];
        withMarkers[0] = 1;
        System.arraycopy(hello, 0, withMarkers, 1, hello.length);
        withMarkers[hello.length + 1] = 2;
        assertThat(TINY.decode(withMarkers)).isEqualTo("hello");
        assertThat(TINY.decode(new int[] {0})).isEqualTo(" \u2047 ");
    }

    @Test
    void decodingTurnsEachMalformedByteOfAByteRunIntoOneReplacementCharacter() {
        int e6 = TINY.pieceToId("<0xE6>");
        int x97 = TINY.pieceToId("<0x97>");
        int xA5 = TINY.pieceToId("<0xA5>");
        int space = TINY.pieceToId("\u2581");
        assertThat(TINY.decode(new int[] {e6, x97, xA5})).isEqualTo("\u65E5");
        // A character cut short: both of its bytes are malformed on their own.
        assertThat(TINY.decode(new int[] {e6, x97, space})).isEqualTo("\uFFFD\uFFFD ");
        // An encoded surrogate is malformed for the library too.
        int ed = TINY.pieceToId("<0xED>");
        int a0 = TINY.pieceToId("<0xA0>");
        int x80 = TINY.pieceToId("<0x80>");
        assertThat(TINY.decode(new int[] {ed, a0, x80})).isEqualTo("\uFFFD\uFFFD\uFFFD");
    }

    @Test
    void decodingRemovesOnlyTheDummySpaceOfTheFirstPiece() {
        int space = TINY.pieceToId("\u2581");
        assertThat(TINY.decode(new int[] {space, space})).isEqualTo(" ");
        assertThat(TINY.decode(TINY.encode("  hello"))).isEqualTo("  hello");
        assertThat(TINY.decode(new int[0])).isEmpty();
    }

    @Test
    void decodingRejectsIdsOutsideTheVocabulary() {
        assertThatThrownBy(() -> TINY.decode(new int[] {5, 1000})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid id: 1000");
        assertThatThrownBy(() -> TINY.decode(new int[] {-1})).isInstanceOf(IllegalArgumentException.class);
    }

    static int[] ids(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).asInt();
        }
        return ids;
    }
}
