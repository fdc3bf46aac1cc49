package org.pockettts.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pockettts.formats.AudioEncoder;

/**
 * Audio on its way to the encoder, the first {@code FIRST_CHUNK_LENGTH_SECONDS} of it held back
 * and sent in one write, for smoother playback from a pipe.
 */
final class HeldOutput {
    private final AudioEncoder encoder;
    private final long holdSamples;
    private final List<float[]> held = new ArrayList<>();
    private long heldSamples;
    private boolean holding;

    HeldOutput(AudioEncoder encoder, long holdSamples) {
        this.encoder = encoder;
        this.holdSamples = holdSamples;
        this.holding = holdSamples > 0;
    }

    /** The encoder the audio goes to. */
    AudioEncoder encoder() {
        return encoder;
    }

    void write(float[] samples) throws IOException {
        if (!holding) {
            encoder.write(samples);
            return;
        }
        held.add(samples);
        heldSamples += samples.length;
        if (heldSamples >= holdSamples) {
            flush();
        }
    }

    /** Sends what is held, and everything after it at once. */
    void flush() throws IOException {
        holding = false;
        if (!held.isEmpty()) {
            float[] all = new float[Math.toIntExact(heldSamples)];
            int at = 0;
            for (float[] f : held) {
                System.arraycopy(f, 0, all, at, f.length);
                at += f.length;
            }
            encoder.write(all);
            held.clear();
        }
    }
}
