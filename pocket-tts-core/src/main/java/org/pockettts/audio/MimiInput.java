package org.pockettts.audio;

import java.util.Arrays;

/** Prepares audio for the Mimi encoder, which takes 24 kHz samples in whole frames of 1920. */
public final class MimiInput {

    /** Mimi's sample rate. */
    public static final int SAMPLE_RATE = 24_000;
    /** Samples per Mimi frame (one latent at 12.5 frames per second). */
    public static final int FRAME_SIZE = 1920;

    private MimiInput() {
    }

    /** A voice prompt at any rate, resampled to 24 kHz and zero-padded to whole frames. */
    public static float[] fromPrompt(Audio prompt) {
        return padToFrames(Resampler.resample(prompt, SAMPLE_RATE).samples());
    }

    /**
     * {@code samples} followed by zeros up to a multiple of {@link #FRAME_SIZE}; {@code samples}
     * itself when its length already is one.
     */
    public static float[] padToFrames(float[] samples) {
        return padToMultiple(samples, FRAME_SIZE);
    }

    /**
     * {@code samples} followed by zeros up to a multiple of {@code frameSize}; {@code samples}
     * itself when its length already is one.
     */
    public static float[] padToMultiple(float[] samples, int frameSize) {
        if (frameSize <= 0) {
            throw new IllegalArgumentException("frame size must be positive, got " + frameSize);
        }
        int rest = samples.length % frameSize;
        if (rest == 0) {
            return samples;
        }
        return Arrays.copyOf(samples, Math.addExact(samples.length, frameSize - rest));
    }
}
