package org.pockettts.text;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.pockettts.text.ModelProto.Piece;
import org.pockettts.text.ModelProto.PieceType;

/**
 * Recognises two segmentations of the same text that are equally good: SentencePiece (float32
 * partial sums) and Hugging Face tokenizers (float64) may pick either of them.
 */
final class ExactTies {

    private ExactTies() {
    }

    /**
     * Whether the differing middle parts of two id sequences are normal pieces that spell the same text
     * and whose float32 scores have the same exact sum.
     */
    static boolean isExactTie(List<Piece> pieces, int[] a, int[] b) {
        int start = 0;
        while (start < a.length && start < b.length && a[start] == b[start]) {
            start++;
        }
        int endA = a.length;
        int endB = b.length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) {
            endA--;
            endB--;
        }
        int[] middleA = Arrays.copyOfRange(a, start, endA);
        int[] middleB = Arrays.copyOfRange(b, start, endB);
        return normalPieces(pieces, middleA) && normalPieces(pieces, middleB)
                && spelling(pieces, middleA).equals(spelling(pieces, middleB))
                && exactScore(pieces, middleA).compareTo(exactScore(pieces, middleB)) == 0;
    }

    private static boolean normalPieces(List<Piece> pieces, int[] ids) {
        return Arrays.stream(ids).allMatch(id -> pieces.get(id).type() == PieceType.NORMAL);
    }

    private static String spelling(List<Piece> pieces, int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            text.append(pieces.get(id).text());
        }
        return text.toString();
    }

    private static BigDecimal exactScore(List<Piece> pieces, int[] ids) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int id : ids) {
            sum = sum.add(new BigDecimal(pieces.get(id).score()));
        }
        return sum;
    }
}
