package org.pockettts.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Unigram model of Hugging Face {@code tokenizers}, as its {@code tokenize} runs with the
 * defaults a {@code tokenizer.json} loads with (optimized Viterbi, unknown characters fused):
 *
 * <ul>
 *   <li>every piece of the vocabulary can match text, including byte pieces such as {@code <0x41>}
 *       and control pieces (the SentencePiece library matches neither);</li>
 *   <li>the best segmentation maximises the sum of scores in double precision, keeping the first
 *       candidate found at each end position unless a later one is strictly greater;</li>
 *   <li>a character no single-character piece covers scores {@code min(score) - 10} (the minimum
 *       over the whole vocabulary) as the unknown piece;</li>
 *   <li>consecutive unknown characters are fused; a fused run that is not itself a piece becomes one
 *       byte piece per UTF-8 byte ({@code <0xXX>}) when byte fallback is on and every byte has its
 *       piece, else the unknown id.</li>
 * </ul>
 *
 * The search looks like {@link UnigramSegmenter}'s but is kept apart on purpose: the two libraries
 * differ in their arithmetic (SentencePiece rounds best scores to float32) and in which pieces may
 * match, and each must be reproduced exactly, ties included.
 */
final class HfUnigram {

    private static final double UNKNOWN_PENALTY = 10.0;

    private final double[] scores;
    private final Map<String, Integer> ids;
    private final ByteTrie trie;
    private final int unknownId;
    private final boolean byteFallback;
    private final double unknownScore;

    /**
     * @param pieces the vocabulary in id order
     * @param scores the score of each piece
     * @param unknownId the id of the unknown piece, within the vocabulary
     */
    HfUnigram(List<String> pieces, double[] scores, int unknownId, boolean byteFallback) {
        this.scores = scores.clone();
        this.ids = new HashMap<>();
        List<byte[]> keys = new ArrayList<>();
        List<Integer> values = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        for (int id = 0; id < pieces.size(); id++) {
            // A piece given twice resolves to its last id, as the library's map does.
            ids.put(pieces.get(id), id);
            min = Math.min(min, scores[id]);
        }
        for (int id = 0; id < pieces.size(); id++) {
            keys.add(pieces.get(id).getBytes(StandardCharsets.UTF_8));
            values.add(ids.get(pieces.get(id)));
        }
        this.trie = ByteTrie.build(keys, values);
        this.unknownId = unknownId;
        this.byteFallback = byteFallback;
        this.unknownScore = min - UNKNOWN_PENALTY;
    }

    /** Appends the ids of one pre-tokenized word (text without unpaired surrogates) to {@code out}. */
    void tokenize(String word, IdList out) {
        byte[] text = word.getBytes(StandardCharsets.UTF_8);
        int size = text.length;
        if (size == 0) {
            return;
        }
        double[] bestScore = new double[size + 1];
        int[] startsAt = new int[size + 1];
        int[] pieceId = new int[size + 1];
        Arrays.fill(startsAt, -1);
        int start = 0;
        while (start < size) {
            double scoreHere = bestScore[start];
            int charLength = Utf8.charLength(text[start]);
            boolean hasSingleCharPiece = false;
            int node = ByteTrie.ROOT;
            for (int end = start + 1; end <= size; end++) {
                node = trie.child(node, text[end - 1] & 0xFF);
                if (node == ByteTrie.NONE) {
                    break;
                }
                int id = trie.value(node);
                if (id == ByteTrie.NONE) {
                    continue;
                }
                double candidate = scores[id] + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    pieceId[end] = id;
                }
                if (end - start == charLength) {
                    hasSingleCharPiece = true;
                }
            }
            if (!hasSingleCharPiece) {
                int end = start + charLength;
                double candidate = unknownScore + scoreHere;
                if (startsAt[end] == -1 || candidate > bestScore[end]) {
                    bestScore[end] = candidate;
                    startsAt[end] = start;
                    pieceId[end] = unknownId;
                }
            }
            start += charLength;
        }
        for (String piece : bestPieces(text, startsAt, pieceId)) {
            appendIds(piece, out);
        }
    }

    /** The pieces of the best path, runs of unknown characters fused into one. */
    private List<String> bestPieces(byte[] text, int[] startsAt, int[] pieceId) {
        List<String> reversed = new ArrayList<>();
        int unknownEnd = -1;
        int end = text.length;
        while (end > 0) {
            int start = startsAt[end];
            if (pieceId[end] == unknownId) {
                unknownEnd = unknownEnd < 0 ? end : unknownEnd;
            } else {
                if (unknownEnd >= 0) {
                    reversed.add(new String(text, end, unknownEnd - end, StandardCharsets.UTF_8));
                    unknownEnd = -1;
                }
                reversed.add(new String(text, start, end - start, StandardCharsets.UTF_8));
            }
            end = start;
        }
        if (unknownEnd >= 0) {
            reversed.add(new String(text, 0, unknownEnd, StandardCharsets.UTF_8));
        }
        return reversed.reversed();
    }

    private void appendIds(String piece, IdList out) {
        Integer id = ids.get(piece);
        if (id != null) {
            out.add(id);
            return;
        }
        if (byteFallback) {
            byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
            int[] byteIds = new int[bytes.length];
            boolean complete = true;
            for (int i = 0; i < bytes.length && complete; i++) {
                Integer byteId = ids.get(String.format("<0x%02X>", bytes[i] & 0xFF));
                complete = byteId != null;
                byteIds[i] = complete ? byteId : 0;
            }
            if (complete) {
                for (int byteId : byteIds) {
                    out.add(byteId);
                }
                return;
            }
        }
        out.add(unknownId);
    }
}
