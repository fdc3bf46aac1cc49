package org.pockettts.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds WAV files byte by byte for tests, including broken ones: every size field can be set to
 * any value, chunks can be added anywhere.
 */
final class WavBuilder {

    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private String magic = "RIFF";
    private String form = "WAVE";
    private Long riffSize;

    /** Replaces "RIFF". */
    WavBuilder magic(String fourCc) {
        this.magic = fourCc;
        return this;
    }

    /** Replaces "WAVE". */
    WavBuilder form(String fourCc) {
        this.form = fourCc;
        return this;
    }

    /** A RIFF size other than the true one. */
    WavBuilder riffSize(long size) {
        this.riffSize = size;
        return this;
    }

    /** A plain fmt chunk (16 bytes). */
    WavBuilder fmt(int code, int channels, int rate, int bits) {
        byte[] body = new byte[16];
        fillFmt(body, code, channels, rate, bits);
        return chunk("fmt ", body);
    }

    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with the standard GUID of {@code subFormat}. */
    WavBuilder fmtExtensible(int subFormat, int channels, int rate, int bits) {
        byte[] body = new byte[40];
        fillFmt(body, 0xFFFE, channels, rate, bits);
        le(body, 16, 22, 2);
        le(body, 18, bits, 2);
        le(body, 20, channels == 2 ? 3 : 4, 4);
        le(body, 24, subFormat, 4);
        byte[] tail = {0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
        System.arraycopy(tail, 0, body, 28, tail.length);
        return chunk("fmt ", body);
    }

    private static void fillFmt(byte[] body, int code, int channels, int rate, int bits) {
        int blockAlign = channels * ((bits + 7) / 8);
        le(body, 0, code, 2);
        le(body, 2, channels, 2);
        le(body, 4, rate, 4);
        le(body, 8, (long) rate * blockAlign, 4);
        le(body, 12, blockAlign, 2);
        le(body, 14, bits, 2);
    }

    /** A chunk with its true size and the pad byte after an odd body. */
    WavBuilder chunk(String id, byte[] body) {
        return chunk(id, body.length, body, true);
    }

    /** A chunk whose size field says {@code declared}, whatever the body, padded when the body is odd. */
    WavBuilder chunk(String id, long declared, byte[] body, boolean pad) {
        chunks.writeBytes(id.getBytes(StandardCharsets.ISO_8859_1));
        byte[] size = new byte[4];
        le(size, 0, declared, 4);
        chunks.writeBytes(size);
        chunks.writeBytes(body);
        if (pad && body.length % 2 == 1) {
            chunks.write(0);
        }
        return this;
    }

    /** A data chunk with its true size. */
    WavBuilder data(byte[] samples) {
        return chunk("data", samples);
    }

    /** Raw bytes, with no chunk header. */
    WavBuilder raw(byte[] bytes) {
        chunks.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        byte[] body = chunks.toByteArray();
        byte[] head = new byte[12];
        System.arraycopy(magic.getBytes(StandardCharsets.ISO_8859_1), 0, head, 0, 4);
        le(head, 4, riffSize != null ? riffSize : 4 + body.length, 4);
        System.arraycopy(form.getBytes(StandardCharsets.ISO_8859_1), 0, head, 8, 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Little-endian {@code width} bytes of {@code value} at {@code off}. */
    static void le(byte[] b, int off, long value, int width) {
        for (int i = 0; i < width; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Integer samples as little-endian bytes of {@code width} each (8-bit ones given as unsigned). */
    static byte[] ints(int width, long... values) {
        byte[] b = new byte[values.length * width];
        for (int i = 0; i < values.length; i++) {
            le(b, i * width, values[i], width);
        }
        return b;
    }

    static byte[] floats32(float... values) {
        byte[] b = new byte[values.length * 4];
        for (int i = 0; i < values.length; i++) {
            le(b, i * 4, Float.floatToRawIntBits(values[i]), 4);
        }
        return b;
    }

    static byte[] floats64(double... values) {
        byte[] b = new byte[values.length * 8];
        for (int i = 0; i < values.length; i++) {
            le(b, i * 8, Double.doubleToRawLongBits(values[i]), 8);
        }
        return b;
    }
}
