package org.pockettts.formats;

/** The frequency of a tone measured by its zero crossings, placed between samples by interpolation. */
final class ZeroCrossings {

    private ZeroCrossings() {
    }

    /** The frequency of the tone in {@code x[from, to)}, from its first to its last upward crossing. */
    static double frequency(float[] x, int from, int to, int sampleRate) {
        double first = -1;
        double last = -1;
        int cycles = -1;
        for (int i = from + 1; i < to; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                double t = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
                if (first < 0) {
                    first = t;
                }
                last = t;
                cycles++;
            }
        }
        if (cycles < 1) {
            throw new AssertionError("fewer than two upward zero crossings in [" + from + ", " + to + ")");
        }
        return cycles * sampleRate / (last - first);
    }
}
