package org.pockettts.text;

import java.util.SplittableRandom;

/**
 * Seeded generators of awkward text for comparing the tokenizer with the C++ library: mixtures of
 * words, runs of spaces, punctuation, accents, CJK, emoji, control characters and arbitrary code
 * points. A seed fully determines a string, so a failure names the seed that reproduces it.
 */
final class RandomText {

    private static final String[] SPACES = {" ", " ", "  ", "   ", "     ", "\t", "\n", "\r\n"};
    private static final String[] PUNCTUATION = {".", ",", "!", "?", "...", "'", "\"", "-", "\u2014", "\u2026", ";",
        ":", "(", ")", "$", "%", "\u201C", "\u201D"};
    private static final String ACCENTS = "\u00E9\u00E8\u00E0\u00FC\u00F6\u00DF\u00F1\u00E7\u00C5\u00D8\u00E6\u0153\u0301\u00BD\u00B2";
    private static final String CJK = "\u65E5\u672C\u8A9E\u4E2D\u6587\u5B57\u306E\u30C6\u30AD\u30B9\u30C8";
    private static final String[] ASTRAL = {"\uD83D\uDE42", "\uD83C\uDF89", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDE00"};
    private static final String[] BMP_SYMBOLS = {"\u2603", "\u263A"};
    private static final String[] CONTROLS = {"\u0000", "\u0001", "\u0007", "\u007F", "\u0085", "\u00A0", "\u200B",
        "\u3000", "\uFEFF", "\uFFFD"};
    private static final String[] PIECE_LIKE = {"\u2581", "\u2581\u2581", "<unk>", "<s>", "</s>", "<0x41>", "\uFF21\uFF42"};
    private static final String[] SYNTHETIC = {"a", "b", "c", "ab", "abc", "cc", "ba", "ca", "d", "x", "\u00E9",
        "e\u0301", "\u65E5", "z", "Q", "\uD83D\uDE42", " ", " ", "  ", "   ", "\t", "\n", "<sep>", "@@", "-", ".",
        "\u0000", "\u3000", "\uFB01", "\uFF21", "\uFF42", "\u2581", "<ctl>"};

    private RandomText() {
    }

    /**
     * Up to 30 fragments of mixed text. Without {@code nulAndAstral} the text holds no NUL and no
     * character outside the Basic Multilingual Plane, which the library's Java binding cannot return.
     */
    static String mixed(long seed, boolean nulAndAstral) {
        return mixed(seed, nulAndAstral, true);
    }

    /**
     * As {@link #mixed(long, boolean)}; without {@code pieceNames} the fragments that spell the name of
     * a special or byte piece ({@code <s>}, {@code <0x41>}, ...) are left out, the rest of the text
     * staying the same. Hugging Face tokenizers reads such names as their pieces, SentencePiece as
     * text.
     */
    static String mixed(long seed, boolean nulAndAstral, boolean pieceNames) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        int fragments = r.nextInt(31);
        for (int i = 0; i < fragments; i++) {
            int kind = r.nextInt(23);
            if (kind < 6) {
                int n = 1 + r.nextInt(9);
                for (int j = 0; j < n; j++) {
                    char base = r.nextBoolean() ? 'a' : 'A';
                    out.append((char) (base + r.nextInt(26)));
                }
            } else if (kind < 10) {
                out.append(pick(r, SPACES));
            } else if (kind < 13) {
                out.append(pick(r, PUNCTUATION));
            } else if (kind < 15) {
                int n = 1 + r.nextInt(5);
                for (int j = 0; j < n; j++) {
                    out.append((char) ('0' + r.nextInt(10)));
                }
            } else if (kind < 17) {
                appendChars(r, out, ACCENTS, 1 + r.nextInt(3));
            } else if (kind < 18) {
                appendChars(r, out, CJK, 1 + r.nextInt(4));
            } else if (kind < 19) {
                out.append(pick(r, nulAndAstral ? ASTRAL : BMP_SYMBOLS));
            } else if (kind < 20) {
                String c = pick(r, CONTROLS);
                out.append(!nulAndAstral && c.equals("\u0000") ? "\u0001" : c);
            } else if (kind < 21) {
                String piece = pick(r, PIECE_LIKE);
                out.append(pieceNames || !piece.startsWith("<") ? piece : "");
            } else {
                int cp;
                do {
                    cp = 0x80 + r.nextInt((nulAndAstral ? 0x10FFFF : 0xFFFF) - 0x80 + 1);
                } while (cp >= 0xD800 && cp <= 0xDFFF);
                out.appendCodePoint(cp);
            }
        }
        return out.toString();
    }

    /** Up to 14 fragments from the small alphabet the synthetic models are built on. */
    static String synthetic(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder();
        int n = r.nextInt(15);
        for (int i = 0; i < n; i++) {
            out.append(pick(r, SYNTHETIC));
        }
        return out.toString();
    }

    /** Up to 25 ids below {@code vocabSize}. */
    static int[] ids(long seed, int vocabSize) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[r.nextInt(26)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(vocabSize);
        }
        return ids;
    }

    /** The text with every character outside printable ASCII written as its code point, for messages. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7E) {
                out.append(String.format("\\u{%X}", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }

    private static String pick(SplittableRandom r, String[] options) {
        return options[r.nextInt(options.length)];
    }

    private static void appendChars(SplittableRandom r, StringBuilder out, String chars, int n) {
        for (int j = 0; j < n; j++) {
            out.append(chars.charAt(r.nextInt(chars.length())));
        }
    }
}
