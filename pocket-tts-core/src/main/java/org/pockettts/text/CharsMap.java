package org.pockettts.text;

import java.util.Arrays;
import org.pockettts.api.ModelFormatException;

/**
 * A precompiled normalization rule set ({@code NormalizerSpec.precompiled_charsmap}): a
 * little-endian uint32 giving the size of a Darts-clone double-array trie, the trie's 32-bit units,
 * then the replacement strings, each ended by a NUL byte. A trie key is a byte string of the input;
 * its value is the offset of its replacement.
 */
final class CharsMap {

    private final String source;
    private final int[] units;
    private final byte[] replacements;

    private CharsMap(String source, int[] units, byte[] replacements) {
        this.source = source;
        this.units = units;
        this.replacements = replacements;
    }

    static CharsMap parse(String source, byte[] blob) {
        if (blob.length <= 4) {
            throw broken(source, "it is only " + blob.length + " bytes long");
        }
        long trieSize = (blob[0] & 0xFFL) | (blob[1] & 0xFFL) << 8 | (blob[2] & 0xFFL) << 16 | (blob[3] & 0xFFL) << 24;
        if (trieSize == 0 || trieSize % 4 != 0 || trieSize > blob.length - 4) {
            throw broken(source, "its trie size " + trieSize + " does not fit its " + blob.length + " bytes");
        }
        int[] units = new int[(int) (trieSize / 4)];
        for (int i = 0; i < units.length; i++) {
            int at = 4 + 4 * i;
            units[i] = (blob[at] & 0xFF) | (blob[at + 1] & 0xFF) << 8 | (blob[at + 2] & 0xFF) << 16
                    | (blob[at + 3] & 0xFF) << 24;
        }
        int start = 4 + (int) trieSize;
        byte[] replacements = Arrays.copyOfRange(blob, start, blob.length);
        return new CharsMap(source, units, replacements);
    }

    /**
     * The longest rule whose key is a prefix of {@code text[from, end)}: its key length in the high
     * 32 bits and the offset of its replacement in the low 32 bits; 0 when no rule matches.
     */
    long longestMatch(byte[] text, int from, int end) {
        long best = 0;
        int node = offset(units[0]);
        for (int i = from; i < end; i++) {
            int label = text[i] & 0xFF;
            node ^= label;
            if (node < 0 || node >= units.length) {
                break;
            }
            int unit = units[node];
            // A leaf unit has bit 31 set, so it never equals a byte label.
            if ((unit & 0x800000FF) != label) {
                break;
            }
            node ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) {
                if (node < 0 || node >= units.length) {
                    break;
                }
                int value = units[node] & 0x7FFFFFFF;
                best = (long) (i + 1 - from) << 32 | value;
            }
        }
        return best;
    }

    /** The start of the replacement at {@code offset} in {@link #replacements()}. */
    int replacementStart(int offset) {
        if (offset >= replacements.length) {
            throw broken(source, "a rule points at byte " + offset + " of its " + replacements.length
                    + " bytes of replacement text");
        }
        return offset;
    }

    /** The end (exclusive) of the NUL-terminated replacement starting at {@code start}. */
    int replacementEnd(int start) {
        int end = start;
        while (end < replacements.length && replacements[end] != 0) {
            end++;
        }
        return end;
    }

    byte[] replacements() {
        return replacements;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    private static ModelFormatException broken(String source, String problem) {
        return ProtoReader.invalidModel(source, "the normalization rules (precompiled_charsmap) are broken: " + problem);
    }
}
