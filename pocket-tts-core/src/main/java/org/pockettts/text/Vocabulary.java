package org.pockettts.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pockettts.text.ModelProto.Piece;
import org.pockettts.text.ModelProto.PieceType;

/**
 * The pieces of a model with the lookups segmentation and decoding need, checked as the library
 * checks them when it loads a model.
 */
final class Vocabulary {

    private final Piece[] pieces;
    private final Map<String, Integer> reservedIds;
    private final Map<String, Integer> textIds;
    private final int unknownId;
    private final int[] byteIds;
    private final int[] byteValues;
    private final float minScore;
    private final float maxScore;
    private final ByteTrie textTrie;
    private final ByteTrie userDefinedTrie;

    private Vocabulary(String source, List<Piece> pieceList, boolean byteFallback) {
        if (pieceList.isEmpty()) {
            throw ProtoReader.invalidModel(source, "it holds no pieces");
        }
        pieces = pieceList.toArray(new Piece[0]);
        reservedIds = new HashMap<>();
        textIds = new HashMap<>();
        byteValues = new int[pieces.length];
        Arrays.fill(byteValues, -1);
        int unknown = -1;
        int[] bytes = new int[256];
        Arrays.fill(bytes, -1);
        List<byte[]> textKeys = new ArrayList<>();
        List<Integer> textValues = new ArrayList<>();
        List<byte[]> userKeys = new ArrayList<>();
        List<Integer> userValues = new ArrayList<>();
        for (int id = 0; id < pieces.length; id++) {
            Piece piece = pieces[id];
            if (piece.bytes().length == 0) {
                throw ProtoReader.invalidModel(source, "piece " + id + " is empty");
            }
            // Pieces that can match text live apart from the reserved ones; the same text may be in both.
            boolean matchesText = switch (piece.type()) {
                case NORMAL, USER_DEFINED, UNUSED -> true;
                default -> false;
            };
            if ((matchesText ? textIds : reservedIds).putIfAbsent(piece.text(), id) != null) {
                throw ProtoReader.invalidModel(source, describe(id) + " is defined twice");
            }
            if (matchesText) {
                textKeys.add(piece.bytes());
                textValues.add(id);
            }
            switch (piece.type()) {
                case USER_DEFINED -> {
                    userKeys.add(piece.bytes());
                    userValues.add(id);
                }
                case UNKNOWN -> {
                    if (unknown >= 0) {
                        throw ProtoReader.invalidModel(source, "it has two unknown pieces, " + unknown + " and " + id);
                    }
                    unknown = id;
                }
                case BYTE -> {
                    if (!byteFallback) {
                        throw ProtoReader.invalidModel(source, describe(id) + " is a byte piece but byte_fallback is off");
                    }
                    int value = parseBytePiece(piece.text());
                    if (value < 0) {
                        throw ProtoReader.invalidModel(source, describe(id) + " is a byte piece not named <0xNN>");
                    }
                    bytes[value] = id;
                    byteValues[id] = value;
                }
                default -> {
                }
            }
        }
        if (unknown < 0) {
            throw ProtoReader.invalidModel(source, "it has no piece of type UNKNOWN");
        }
        if (byteFallback && Arrays.stream(bytes).anyMatch(id -> id < 0)) {
            throw ProtoReader.invalidModel(source, "byte_fallback is on but not all 256 byte pieces <0x00>..<0xFF> exist");
        }
        if (textKeys.isEmpty()) {
            throw ProtoReader.invalidModel(source, "it has no normal, user-defined or unused pieces");
        }
        unknownId = unknown;
        byteIds = byteFallback ? bytes : null;
        // The library starts from FLT_MAX and FLT_MIN (the smallest positive float, not the most
        // negative) and uses std::min/std::max, whose NaN handling the comparisons below keep.
        float min = Float.MAX_VALUE;
        float max = Float.MIN_NORMAL;
        for (Piece piece : pieces) {
            if (piece.type() == PieceType.NORMAL) {
                min = piece.score() < min ? piece.score() : min;
                max = max < piece.score() ? piece.score() : max;
            }
        }
        minScore = min;
        maxScore = max;
        textTrie = ByteTrie.build(textKeys, textValues);
        userDefinedTrie = userKeys.isEmpty() ? null : ByteTrie.build(userKeys, userValues);
    }

    static Vocabulary of(String source, ModelProto model) {
        return new Vocabulary(source, model.pieces(), model.trainerSpec().byteFallback());
    }

    int size() {
        return pieces.length;
    }

    String text(int id) {
        return pieces[id].text();
    }

    float score(int id) {
        return pieces[id].score();
    }

    PieceType type(int id) {
        return pieces[id].type();
    }

    /** Reserved pieces (unknown, control, byte) first, then the others, else the unknown piece. */
    int idOf(String text) {
        Integer id = reservedIds.get(text);
        if (id == null) {
            id = textIds.get(text);
        }
        return id == null ? unknownId : id;
    }

    int unknownId() {
        return unknownId;
    }

    /** The id of the byte piece {@code <0xNN>} for {@code value} (0..255); only with byte fallback. */
    int byteId(int value) {
        return byteIds[value];
    }

    boolean byteFallback() {
        return byteIds != null;
    }

    /** The byte a BYTE piece stands for. */
    int byteValue(int id) {
        return byteValues[id];
    }

    float minScore() {
        return minScore;
    }

    float maxScore() {
        return maxScore;
    }

    /** Normal, user-defined and unused pieces by their bytes, valued by id. */
    ByteTrie textTrie() {
        return textTrie;
    }

    /** User-defined pieces, or null when the model has none. */
    ByteTrie userDefinedTrie() {
        return userDefinedTrie;
    }

    private String describe(int id) {
        return "piece " + id + " (\"" + pieces[id].text() + "\")";
    }

    /** The byte named by {@code <0xNN>} (two upper-case hex digits), or -1. */
    private static int parseBytePiece(String text) {
        if (text.length() != 6 || !text.startsWith("<0x") || text.charAt(5) != '>') {
            return -1;
        }
        int high = hexDigit(text.charAt(3));
        int low = hexDigit(text.charAt(4));
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
