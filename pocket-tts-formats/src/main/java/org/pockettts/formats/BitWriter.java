package org.pockettts.formats;

import java.util.Arrays;

/** Bits, most significant first, into a growing byte array: what FLAC frames are made of. */
final class BitWriter {

    private byte[] bytes = new byte[4096];
    private int length;
    /** Bits not yet in {@link #bytes}, right-aligned in {@code pending}. */
    private long pending;
    private int pendingBits;

    /** Appends the low {@code bits} bits of {@code value} (0 to 32 bits). */
    void write(long value, int bits) {
        pending = (pending << bits) | (value & ((1L << bits) - 1));
        pendingBits += bits;
        while (pendingBits >= 8) {
            pendingBits -= 8;
            put((byte) (pending >>> pendingBits));
        }
    }

    /** Appends {@code zeros} zero bits and a one: the unary code of {@code zeros}. */
    void writeUnary(long zeros) {
        for (long left = zeros; left > 0; ) {
            int n = (int) Math.min(left, 32);
            write(0, n);
            left -= n;
        }
        write(1, 1);
    }

    /** Pads with zero bits to a whole byte. */
    void alignToByte() {
        if (pendingBits > 0) {
            write(0, 8 - pendingBits);
        }
    }

    /** Whole bytes written so far. */
    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    void reset() {
        length = 0;
        pending = 0;
        pendingBits = 0;
    }

    private void put(byte b) {
        if (length == bytes.length) {
            bytes = Arrays.copyOf(bytes, 2 * bytes.length);
        }
        bytes[length++] = b;
    }
}
