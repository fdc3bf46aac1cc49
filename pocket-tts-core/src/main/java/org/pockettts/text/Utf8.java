package org.pockettts.text;

/**
 * UTF-8 as the SentencePiece library reads it. Its rules differ from Java's decoder in how
 * invalid input is replaced, and the tokenizer must reproduce them byte for byte.
 */
final class Utf8 {

    /** U+2581 LOWER ONE EIGHTH BLOCK, the library's escape for a space. */
    static final byte[] SPACE_SYMBOL = {(byte) 0xE2, (byte) 0x96, (byte) 0x81};
    /** U+FFFD REPLACEMENT CHARACTER. */
    static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private Utf8() {
    }

    /**
     * The length of the character that starts with {@code lead}, judged from that byte alone: the
     * library steps through normalized text this way.
     */
    static int charLength(byte lead) {
        int high = (lead & 0xFF) >>> 4;
        return high < 12 ? 1 : high < 14 ? 2 : high == 14 ? 3 : 4;
    }

    /**
     * The length of the well-formed character at {@code position}, or 0 when the bytes there are not
     * one (the library then replaces a single byte by U+FFFD). Overlong forms, surrogates and code
     * points above U+10FFFF are not well formed.
     */
    static int validLength(byte[] bytes, int position, int end) {
        int available = end - position;
        int b0 = bytes[position] & 0xFF;
        if (b0 < 0x80) {
            return 1;
        }
        if (available >= 2 && (b0 & 0xE0) == 0xC0) {
            int cp = (b0 & 0x1F) << 6 | (bytes[position + 1] & 0x3F);
            return isTrail(bytes[position + 1]) && cp >= 0x80 ? 2 : 0;
        }
        if (available >= 3 && (b0 & 0xF0) == 0xE0) {
            int cp = (b0 & 0x0F) << 12 | (bytes[position + 1] & 0x3F) << 6 | (bytes[position + 2] & 0x3F);
            return isTrail(bytes[position + 1]) && isTrail(bytes[position + 2]) && cp >= 0x800
                    && isValidCodePoint(cp) ? 3 : 0;
        }
        if (available >= 4 && (b0 & 0xF8) == 0xF0) {
            int cp = (b0 & 0x07) << 18 | (bytes[position + 1] & 0x3F) << 12 | (bytes[position + 2] & 0x3F) << 6
                    | (bytes[position + 3] & 0x3F);
            return isTrail(bytes[position + 1]) && isTrail(bytes[position + 2]) && isTrail(bytes[position + 3])
                    && cp >= 0x10000 && isValidCodePoint(cp) ? 4 : 0;
        }
        return 0;
    }

    /** The code point of a character {@link #validLength} accepted. */
    static int codePoint(byte[] bytes, int position, int length) {
        int b0 = bytes[position] & 0xFF;
        return switch (length) {
            case 1 -> b0;
            case 2 -> (b0 & 0x1F) << 6 | (bytes[position + 1] & 0x3F);
            case 3 -> (b0 & 0x0F) << 12 | (bytes[position + 1] & 0x3F) << 6 | (bytes[position + 2] & 0x3F);
            default -> (b0 & 0x07) << 18 | (bytes[position + 1] & 0x3F) << 12 | (bytes[position + 2] & 0x3F) << 6
                    | (bytes[position + 3] & 0x3F);
        };
    }

    /**
     * Appends {@code bytes[from, to)} to {@code out} as the library turns a run of byte pieces into
     * text: each well-formed character as itself, each other byte as U+FFFD.
     */
    static void appendDecoded(byte[] bytes, int from, int to, StringBuilder out) {
        int position = from;
        while (position < to) {
            int length = validLength(bytes, position, to);
            if (length == 0) {
                out.append('\uFFFD');
                position++;
            } else {
                out.appendCodePoint(codePoint(bytes, position, length));
                position += length;
            }
        }
    }

    private static boolean isTrail(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static boolean isValidCodePoint(int cp) {
        return cp < 0xD800 || (cp >= 0xE000 && cp <= 0x10FFFF);
    }
}
