package org.pockettts.audio;

/** The 44-byte header of a 16-bit PCM mono WAV file, as every writer of this package produces it. */
final class WavHeader {

    static final int SIZE = 44;
    /** Offset of the RIFF size field. */
    static final int RIFF_SIZE_AT = 4;
    /** Offset of the data size field. */
    static final int DATA_SIZE_AT = 40;
    /**
     * The data size a stream declares before its length is known: 10<sup>9</sup> frames of two
     * bytes, what the reference's streaming writer puts there and what players and the reference's
     * readers accept.
     */
    static final long STREAMING_DATA_BYTES = WavReader.STREAMING_FRAMES * 2;
    /** The most data bytes a RIFF size field can account for. */
    static final long MAX_DATA_BYTES = 0xFFFFFFFFL - (SIZE - 8);

    private WavHeader() {
    }

    /** The header of a file whose data chunk holds {@code dataBytes} bytes. */
    static byte[] pcm16Mono(int sampleRate, long dataBytes) {
        byte[] h = new byte[SIZE];
        ascii(h, 0, "RIFF");
        putU32(h, RIFF_SIZE_AT, riffSize(dataBytes));
        ascii(h, 8, "WAVE");
        ascii(h, 12, "fmt ");
        putU32(h, 16, 16);
        putU16(h, 20, WavFormat.PCM);
        putU16(h, 22, 1);
        putU32(h, 24, sampleRate);
        putU32(h, 28, 2L * sampleRate);
        putU16(h, 32, 2);
        putU16(h, 34, 16);
        ascii(h, 36, "data");
        putU32(h, DATA_SIZE_AT, dataBytes);
        return h;
    }

    static long riffSize(long dataBytes) {
        return SIZE - 8 + dataBytes;
    }

    static void putU32(byte[] b, int off, long v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    private static void ascii(byte[] b, int off, String s) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) s.charAt(i);
        }
    }
}
