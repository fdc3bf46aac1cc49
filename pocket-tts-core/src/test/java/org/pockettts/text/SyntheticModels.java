package org.pockettts.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.pockettts.text.ModelProto.PieceType;

/** Small models whose pieces and settings exercise every rule of segmentation and decoding. */
final class SyntheticModels {

    static final List<String> NAMES = List.of(
            "ties, byte fallback, default normalizer",
            "ties, no byte fallback, spaces kept",
            "float-rounding scores, byte fallback, spaces kept",
            "float-rounding scores, no dummy prefix",
            "spaces not escaped",
            "whitespace as suffix",
            "charsmap with denormalizer, default normalizer",
            "charsmap, no byte fallback, spaces kept, own unknown surface");

    /** Integers and halves: many segmentations score exactly the same. */
    private static final float[] TIE_SCORES = {-1f, -2f, -3f, -1.5f, -2.5f, -4f};
    /** Decimals whose float sums round: a tie in float may not be one in double. */
    private static final float[] ROUNDING_SCORES = {-0.1f, -0.2f, -0.3f, -0.7f, -1.1f, -3.3f, -0.6f, -1e-8f,
            -12.345678f};

    private SyntheticModels() {
    }

    static byte[] build(String name) {
        int index = NAMES.indexOf(name);
        TestModel model = switch (index) {
            case 0 -> vocabulary(1, TIE_SCORES, "\u2581", false).bytePieces();
            case 1 -> vocabulary(2, TIE_SCORES, "\u2581", false).normalizer(true, false, true);
            case 2 -> vocabulary(3, ROUNDING_SCORES, "\u2581", false).bytePieces().normalizer(true, false, true);
            case 3 -> vocabulary(4, ROUNDING_SCORES, "\u2581", false).bytePieces().normalizer(false, false, true);
            case 4 -> vocabulary(5, TIE_SCORES, " ", false).bytePieces().normalizer(true, true, false);
            case 5 -> vocabulary(6, TIE_SCORES, "\u2581", true).bytePieces().treatWhitespaceAsSuffix(true)
                    .normalizer(true, false, true);
            case 6 -> vocabulary(7, ROUNDING_SCORES, "\u2581", false).bytePieces().charsMap(rules())
                    .denormalizerCharsMap(CharsMapCompiler.compile(Map.of("x", "ab", " ", "_", "\u00E9", "E")));
            case 7 -> vocabulary(8, TIE_SCORES, "\u2581", false).charsMap(rules()).normalizer(true, false, true)
                    .unkSurface("<?>");
            default -> throw new IllegalArgumentException(name);
        };
        return model.toBytes();
    }

    private static byte[] rules() {
        Map<String, String> rules = new LinkedHashMap<>();
        rules.put("\uFF21", "a");
        rules.put("\uFF42", "b");
        rules.put("\uFB01", "fi");
        rules.put("\u3000", " ");
        rules.put("\t", " ");
        rules.put("ab", "x");
        rules.put("abc", "");
        rules.put("e\u0301", "\u00E9");
        rules.put("Q", "  c");
        rules.put("d", "d  ");
        return CharsMapCompiler.compile(rules);
    }

    /**
     * Single characters (some left out, so they are unknown), random multi-character pieces over
     * a, b, c and the space, user-defined, unused and control pieces, with scores drawn from
     * {@code scores}.
     */
    private static TestModel vocabulary(long seed, float[] scores, String space, boolean spaceLast) {
        Random random = new Random(seed);
        TestModel model = TestModel.withSpecialPieces();
        Set<String> taken = new LinkedHashSet<>();
        for (String user : List.of("<sep>", "cc", "@@", space + space)) {
            model.piece(user, 0, PieceType.USER_DEFINED);
            taken.add(user);
        }
        for (String unused : List.of("ba", space + "c", "ca")) {
            model.piece(unused, scores[random.nextInt(scores.length)], PieceType.UNUSED);
            taken.add(unused);
        }
        model.piece("<ctl>", 0, PieceType.CONTROL);
        model.piece("abc", 0, PieceType.CONTROL);
        for (String single : List.of("a", "b", "c", "d", "x", "\u00E9", "\u65E5", "-", ".", space, "f", "i")) {
            if (taken.add(single)) {
                model.normal(single, scores[random.nextInt(scores.length)]);
            }
        }
        List<String> alphabet = List.of("a", "b", "c", space);
        List<String> multi = new ArrayList<>();
        for (int length = 2; length <= 4; length++) {
            for (int i = 0; i < 40; i++) {
                StringBuilder piece = new StringBuilder();
                if (!spaceLast && random.nextBoolean()) {
                    piece.append(space);
                }
                while (piece.codePointCount(0, piece.length()) < length) {
                    piece.append(alphabet.get(random.nextInt(3)));
                }
                if (spaceLast && random.nextBoolean()) {
                    piece.append(space);
                }
                multi.add(piece.toString());
            }
        }
        for (String piece : multi) {
            if (taken.add(piece)) {
                model.normal(piece, scores[random.nextInt(scores.length)]);
            }
        }
        return model;
    }
}
