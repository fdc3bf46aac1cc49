package org.pockettts.audio;

import java.util.Arrays;

/**
 * Mono audio as float samples, nominally in [-1, 1], at a given sample rate.
 *
 * <p>The record holds the array it was given, without copying; callers that keep an instance must
 * not change the array afterwards.
 *
 * @param samples    the samples, one per frame
 * @param sampleRate frames per second, positive
 */
public record Audio(float[] samples, int sampleRate) {

    public Audio {
        if (samples == null) {
            throw new IllegalArgumentException("samples must not be null");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }

    /** Number of samples. */
    public int length() {
        return samples.length;
    }

    /** Equal when the sample rates and all samples are equal (records compare arrays by identity otherwise). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Audio that && sampleRate == that.sampleRate && Arrays.equals(samples, that.samples);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(samples) + sampleRate;
    }

    @Override
    public String toString() {
        return "Audio[" + samples.length + " samples at " + sampleRate + " Hz]";
    }
}
