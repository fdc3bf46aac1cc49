package org.pockettts.formats;

import java.io.IOException;
import org.pockettts.audio.WavWriter;

/** Raw signed 16-bit little-endian samples: the body of the WAV, without a header. */
final class PcmEncoder extends CodecEncoder {

    /** Samples converted per block: bounds the buffer whatever the length of a write. */
    private static final int BLOCK_SAMPLES = 4096;

    private final byte[] block = new byte[2 * BLOCK_SAMPLES];

    PcmEncoder(EncodedOutput out, int sampleRate, String destination) {
        super(AudioFormat.PCM, out, sampleRate, destination);
    }

    @Override
    void encode(float[] samples, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int n = Math.min(BLOCK_SAMPLES, len - done);
            for (int i = 0; i < n; i++) {
                short v = WavWriter.toPcm16(samples[off + done + i]);
                block[2 * i] = (byte) v;
                block[2 * i + 1] = (byte) (v >> 8);
            }
            out().write(block, 0, 2 * n);
            done += n;
        }
    }

    @Override
    void end() {
        // Raw samples have no trailer.
    }
}
