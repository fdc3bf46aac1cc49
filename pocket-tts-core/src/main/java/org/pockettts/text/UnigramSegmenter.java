package org.pockettts.text;

import java.util.Arrays;
import org.pockettts.text.ModelProto.PieceType;

/**
 * Finds the best segmentation of normalized text into pieces (the most probable under the unigram
 * model) and turns it into ids, reproducing the library's optimized Viterbi search exactly,
 * including its arithmetic and its tie-breaking:
 *
 * <ul>
 *   <li>positions are UTF-8 byte offsets; a search starts at each character;</li>
 *   <li>a piece's candidate score is computed in double precision (the library's score expression
 *       has type double), compared in double with the best score stored so far, and stored rounded
 *       to float; the unknown-piece candidate is computed and compared in float;</li>
 *   <li>an end position keeps the first candidate found (start positions are visited left to
 *       right, pieces from one start shortest first) and changes only for a strictly greater
 *       score;</li>
 *   <li>a character no single-character piece covers gets the unknown piece, scored
 *       {@code minScore - 10}; user-defined pieces score {@code length * maxScore - 0.1} (length
 *       in bytes, {@code maxScore} over normal pieces and at least the smallest positive float); unused
 *       pieces never match.</li>
 * </ul>
 *
 * Unknown pieces then become byte pieces (with byte fallback) or, without it, a run of them becomes
 * one unknown id.
 */
final class UnigramSegmenter {

    private static final float UNKNOWN_PENALTY = 10.0f;

    /** What a piece the trie finds counts as; other types are never in the trie. */
    private static final byte NORMAL = 0;
    private static final byte USER_DEFINED = 1;
    private static final byte UNUSED = 2;

    private final Vocabulary vocabulary;
    private final ByteTrie trie;
    private final float[] scores;
    private final byte[] kinds;
    private final float unknownScore;
    private final float maxScore;

    UnigramSegmenter(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.trie = vocabulary.textTrie();
        int size = vocabulary.size();
        this.scores = new float[size];
        this.kinds = new byte[size];
        for (int id = 0; id < size; id++) {
            scores[id] = vocabulary.score(id);
            PieceType type = vocabulary.type(id);
            kinds[id] = type == PieceType.USER_DEFINED ? USER_DEFINED : type == PieceType.UNUSED ? UNUSED : NORMAL;
        }
        this.unknownScore = vocabulary.minScore() - UNKNOWN_PENALTY;
        this.maxScore = vocabulary.maxScore();
    }

    int[] encode(byte[] text) {
        int size = text.length;
        if (size == 0) {
            return new int[0];
        }
        // Best path ending at each byte offset: its score, the start of its last piece, that piece's id.
        float[] bestScore = new float[size + 1];
        int[] startsAt = new int[size + 1];
        int[] pieceId = new int[size + 1];
        Arrays.fill(startsAt, -1);
        int unknownId = vocabulary.unknownId();
        int start = 0;
        while (start < size) {
            float scoreHere = bestScore[start];
            int charLength = Math.min(Utf8.charLength(text[start]), size - start);
            boolean hasSingleCharPiece = false;
            int node = ByteTrie.ROOT;
            for (int end = start + 1; end <= size; end++) {
                node = trie.child(node, text[end - 1] & 0xFF);
                if (node == ByteTrie.NONE) {
                    break;
                }
                int id = trie.value(node);
                if (id == ByteTrie.NONE || kinds[id] == UNUSED) {
                    continue;
                }
                int length = end - start;
                double score = kinds[id] == USER_DEFINED
                        ? (double) ((float) length * maxScore) - 0.1
                        : (double) scores[id];
                double candidate = score + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = (float) candidate;
                    startsAt[end] = start;
                    pieceId[end] = id;
                }
                if (length == charLength) {
                    hasSingleCharPiece = true;
                }
            }
            if (!hasSingleCharPiece) {
                int end = start + charLength;
                float candidate = unknownScore + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    pieceId[end] = unknownId;
                }
            }
            start += charLength;
        }
        return toIds(text, startsAt, pieceId);
    }

    private int[] toIds(byte[] text, int[] startsAt, int[] pieceId) {
        int pieces = 0;
        for (int end = text.length; end > 0; end = startsAt[end]) {
            pieces++;
        }
        int[] pieceEnds = new int[pieces];
        for (int end = text.length, i = pieces - 1; end > 0; end = startsAt[end], i--) {
            pieceEnds[i] = end;
        }
        int unknownId = vocabulary.unknownId();
        boolean byteFallback = vocabulary.byteFallback();
        int[] ids = new int[byteFallback ? outputLength(pieceEnds, startsAt, pieceId) : pieces];
        int written = 0;
        boolean previousUnknown = false;
        for (int end : pieceEnds) {
            int id = pieceId[end];
            boolean unknown = id == unknownId;
            if (unknown && byteFallback) {
                for (int i = startsAt[end]; i < end; i++) {
                    ids[written++] = vocabulary.byteId(text[i] & 0xFF);
                }
            } else if (!(unknown && previousUnknown)) {
                // Without byte fallback a run of unknown characters is one unknown piece.
                ids[written++] = id;
            }
            previousUnknown = unknown;
        }
        return written == ids.length ? ids : Arrays.copyOf(ids, written);
    }

    /** The number of ids when every unknown piece becomes one byte piece per byte. */
    private int outputLength(int[] pieceEnds, int[] startsAt, int[] pieceId) {
        int length = 0;
        for (int end : pieceEnds) {
            length += pieceId[end] == vocabulary.unknownId() ? end - startsAt[end] : 1;
        }
        return length;
    }
}
