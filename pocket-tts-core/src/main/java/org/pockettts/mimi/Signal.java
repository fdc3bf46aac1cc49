package org.pockettts.mimi;

/**
 * A block of a multi-channel signal in time-major layout: {@code frames} rows of {@code channels}
 * values. Time-major means a convolution's input window is one contiguous run of memory, and the
 * transformers read the same layout, so Mimi never transposes.
 */
public record Signal(float[] data, int frames, int channels) {

    public Signal {
        if (data.length < frames * channels) {
            throw new IllegalArgumentException("signal of " + frames + "x" + channels + " needs more than " + data.length);
        }
    }
}
