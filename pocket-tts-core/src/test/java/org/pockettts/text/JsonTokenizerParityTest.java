package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;
import org.pockettts.text.ModelProto.Piece;

/**
 * {@link JsonTokenizer} on a SentencePiece vocabulary converted to {@code tokenizer.json} gives the
 * ids and text of {@link SentencePieceTokenizer} on the {@code .model} itself, on seeded random texts
 * without literal names of special or byte pieces (which the two libraries read differently by
 * design; see {@link JsonTokenizerLibraryTest}).
 *
 * <p>The one other difference allowed is an exact tie: two segmentations whose scores sum to the same
 * value in exact arithmetic, which SentencePiece (float32 partial sums) and Hugging Face tokenizers
 * (float64) may break differently. A difference is accepted as a tie only when both id sequences
 * spell the same text with normal pieces and their scores, summed exactly, are equal.
 */
class JsonTokenizerParityTest {

    private static final String RECONSTRUCTED = "derived/tokenizer.reconstructed-from-tokenizer-json.model";

    /** A model as both tokenizers read it, with the scores of its pieces. */
    record Twin(SentencePieceTokenizer sentencePiece, JsonTokenizer json, List<Piece> pieces) {

        static Twin of(String name, byte[] model) {
            return new Twin(SentencePieceTokenizer.fromBytes(name, model),
                    JsonTokenizer.fromBytes(name + ".json", TokenizerJsonConverter.convert(name, model)),
                    ModelProto.parse(name, model).pieces());
        }
    }

    @Test
    void convertedTinyVocabularyEncodesAndDecodesAsSentencePieceUpToExactTies() throws IOException {
        Twin tiny = Twin.of("tiny", Files.readAllBytes(Fixtures.tiny("tokenizer.model")));
        assertThat(tiny.json().vocabSize()).isEqualTo(tiny.sentencePiece().vocabSize()).isEqualTo(1000);
        int ties = compare(tiny, 3000);
        System.out.printf("tiny vocabulary: %d of 3000 random texts are exact ties broken differently%n", ties);
    }

    @Test
    void convertedRealVocabularyEncodesAndDecodesAsSentencePieceUpToExactTies() throws IOException {
        Path model = Fixtures.shared(RECONSTRUCTED);
        Twin real = Twin.of("reconstructed", Files.readAllBytes(model));
        assertThat(real.json().vocabSize()).isEqualTo(4000);
        int ties = compare(real, 3000);
        System.out.printf("real vocabulary: %d of 3000 random texts are exact ties broken differently%n", ties);
    }

    @Test
    void decodesTheSameIdsAsSentencePieceExceptUnknownAndInvalidBytes() throws IOException {
        Twin tiny = Twin.of("tiny", Files.readAllBytes(Fixtures.tiny("tokenizer.model")));
        int unknownId = tiny.sentencePiece().unkId();
        int byteA = tiny.sentencePiece().pieceToId("<0x41>");
        int byteE2 = tiny.sentencePiece().pieceToId("<0xE2>");
        // Agreeing: pieces, a leading space dropped once, valid byte runs, control pieces skipped.
        int[] ids = tiny.sentencePiece().encode("  Hello \u65E5\u672C world");
        assertThat(tiny.json().decode(ids)).isEqualTo(tiny.sentencePiece().decode(ids))
                .isEqualTo("  Hello \u65E5\u672C world");
        int[] controlsAndByte = {1, 2, byteA};
        assertThat(tiny.json().decode(controlsAndByte)).isEqualTo(tiny.sentencePiece().decode(controlsAndByte))
                .isEqualTo("A");
        // By design: the unknown piece is skipped as a special token, SentencePiece shows " \u2047 ".
        assertThat(tiny.json().decode(new int[] {byteA, unknownId})).isEqualTo("A");
        assertThat(tiny.sentencePiece().decode(new int[] {byteA, unknownId})).isEqualTo("A \u2047 ");
        // By design: a byte run that is not all valid UTF-8 is U+FFFD for every byte of it.
        assertThat(tiny.json().decode(new int[] {byteA, byteE2})).isEqualTo("\uFFFD\uFFFD");
        assertThat(tiny.sentencePiece().decode(new int[] {byteA, byteE2})).isEqualTo("A\uFFFD");
    }

    /** Compares the two on random texts; returns how many differed by an exact tie. */
    private static int compare(Twin twin, int texts) {
        int ties = 0;
        for (long seed = 0; seed < texts; seed++) {
            String text = RandomText.mixed(seed, true, false);
            int[] expected = twin.sentencePiece().encode(text);
            int[] actual = twin.json().encode(text);
            if (!Arrays.equals(actual, expected)) {
                assertThat(ExactTies.isExactTie(twin.pieces(), expected, actual))
                        .as("ids of %s (seed %d): json %s, sentencepiece %s", RandomText.escape(text), seed,
                                Arrays.toString(actual), Arrays.toString(expected))
                        .isTrue();
                System.out.printf("exact tie, seed %d: json %s, sentencepiece %s%n", seed, Arrays.toString(actual),
                        Arrays.toString(expected));
                ties++;
            }
            assertThat(twin.json().decode(expected)).as("text of the ids of seed %d", seed)
                    .isEqualTo(twin.sentencePiece().decode(expected));
        }
        return ties;
    }
}
