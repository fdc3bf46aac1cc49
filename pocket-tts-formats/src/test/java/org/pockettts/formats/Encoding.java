package org.pockettts.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes whole signals in memory, as a stream would carry them. */
final class Encoding {

    private Encoding() {
    }

    /** {@code audio} written in 80 ms frames (the last one shorter), then finished. */
    static byte[] encode(AudioFormat format, float[] audio) {
        return encode(format, audio, Signals.FRAME);
    }

    /** {@code audio} written in pieces of {@code piece} samples, then finished. */
    static byte[] encode(AudioFormat format, float[] audio, int piece) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioEncoder encoder = format.newEncoder(out, Signals.RATE)) {
            for (int at = 0; at < audio.length; at += piece) {
                encoder.write(audio, at, Math.min(piece, audio.length - at));
            }
            encoder.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
