package org.pockettts.audio;

import java.io.IOException;
import java.io.InputStream;

/**
 * Little-endian reading of a RIFF stream that counts its position, so that messages about broken
 * files can say where the problem is. Reads never throw on a short file: they return what is there
 * and leave the judgement to the caller.
 */
final class RiffInput {

    private final InputStream in;
    private long position;

    RiffInput(InputStream in) {
        this.in = in;
    }

    /** Bytes consumed so far. */
    long position() {
        return position;
    }

    /** Up to {@code n} bytes; fewer only at the end of the stream. */
    byte[] readUpTo(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        position += bytes.length;
        return bytes;
    }

    /** Fills {@code buffer[off, off + len)} as far as the stream goes; returns the number of bytes read. */
    int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.readNBytes(buffer, off, len);
        position += n;
        return n;
    }

    /** Skips up to {@code n} bytes; returns how many were skipped (fewer only at the end of the stream). */
    long skipUpTo(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            long step = in.skip(n - skipped);
            if (step <= 0) {
                // skip() may refuse to move without meaning end of stream; a read tells for sure.
                if (in.read() < 0) {
                    break;
                }
                step = 1;
            }
            skipped += step;
        }
        position += skipped;
        return skipped;
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    static long i64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    /** A four-character code as text, with unprintable bytes escaped so that messages stay readable. */
    static String fourCc(byte[] b, int off) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = off; i < off + 4 && i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.toString();
    }
}
