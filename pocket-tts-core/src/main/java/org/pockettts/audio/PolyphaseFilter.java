package org.pockettts.audio;

/**
 * The anti-aliasing low-pass filter of a rational rate change {@code up/down}, designed and applied
 * exactly as {@code scipy.signal.resample_poly(x, up, down)} with its defaults does on float32 data,
 * so that the resampled prompt matches the reference's bit for bit or nearly so.
 *
 * <p>The filter is stored split into its {@code up} phases: output sample {@code k} of the
 * upsample-filter-downsample chain only ever meets the taps of one phase, so the zero-stuffed
 * signal never has to be built.
 */
final class PolyphaseFilter {

    private static final double KAISER_BETA = 5.0;

    final int up;
    final int down;
    /** Half the length of the designed filter, {@code 10 * max(up, down)}. */
    final int halfLength;
    /** Zeros put in front of the filter so that output samples fall on the filter's centre. */
    final int prePad;
    /** Leading samples of the full convolution that precede the first output sample. */
    final long preRemove;
    final int tapsPerPhase;
    /** {@code taps[t * tapsPerPhase + i]} is tap {@code t + i * up} of the padded filter (zero past its end). */
    private final float[] taps;

    PolyphaseFilter(int up, int down) {
        this.up = up;
        this.down = down;
        this.halfLength = 10 * Math.max(up, down);
        this.prePad = down - halfLength % down;
        this.preRemove = ((long) halfLength + prePad) / down;
        float[] filter = design(up, down, halfLength);
        int padded = prePad + filter.length;
        this.tapsPerPhase = (padded + up - 1) / up;
        this.taps = new float[up * tapsPerPhase];
        for (int t = 0; t < up; t++) {
            for (int i = 0; i < tapsPerPhase; i++) {
                int j = t + i * up - prePad;
                if (j >= 0 && j < filter.length) {
                    taps[t * tapsPerPhase + i] = filter[j];
                }
            }
        }
    }

    /** Number of taps of the designed filter for a rate change {@code up/down}. */
    static long filterLength(int up, int down) {
        return 20L * Math.max(up, down) + 1;
    }

    /** Output length {@code ceil(n * up / down)}. */
    static long outputLength(long n, int up, int down) {
        return (n * up + down - 1) / down;
    }

    /**
     * Resamples {@code x}. Each output sample is accumulated in float32 from the oldest input sample
     * to the newest, the order in which the reference's filter loop adds its products, so that the
     * rounding matches as well.
     */
    float[] apply(float[] x) {
        int n = x.length;
        long outLength = outputLength(n, up, down);
        if (outLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled signal would have " + outLength + " samples, too many");
        }
        float[] y = new float[(int) outLength];
        for (int k = 0; k < y.length; k++) {
            long position = (k + preRemove) * down;
            long newest = position / up;
            int phase = (int) (position % up);
            int base = phase * tapsPerPhase;
            // Products with taps outside the signal are zero in the reference and change nothing.
            int first = (int) Math.min(tapsPerPhase - 1, newest);
            int last = (int) Math.max(0, newest - (n - 1));
            float acc = 0f;
            for (int i = first; i >= last; i--) {
                acc += x[(int) (newest - i)] * taps[base + i];
            }
            y[k] = acc;
        }
        return y;
    }

    /**
     * The windowed-sinc low-pass of {@code scipy.signal.firwin(2 * halfLength + 1, 1 / max(up, down),
     * window=('kaiser', 5.0))}, computed in double, scaled to unit gain at DC, then rounded to float32
     * and multiplied by {@code up} in float32, in that order, like the reference.
     */
    static float[] design(int up, int down, int halfLength) {
        int n = 2 * halfLength + 1;
        double cutoff = 1.0 / Math.max(up, down);
        double centre = 0.5 * (n - 1);
        double i0Beta = besselI0(KAISER_BETA);
        double[] h = new double[n];
        for (int i = 0; i < n; i++) {
            double m = i - centre;
            double r = m / centre;
            double window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
            h[i] = cutoff * sinc(cutoff * m) * window;
        }
        double sum = 0.0 + pairwiseSum(h, 0, n);
        float upScale = up;
        float[] filter = new float[n];
        for (int i = 0; i < n; i++) {
            filter[i] = (float) (h[i] / sum) * upScale;
        }
        return filter;
    }

    /** {@code sin(pi x) / (pi x)}, 1 at 0. */
    static double sinc(double x) {
        if (x == 0) {
            return 1.0;
        }
        double y = Math.PI * x;
        return Math.sin(y) / y;
    }

    /**
     * The modified Bessel function of the first kind, order 0, by its power series
     * {@code sum ((x/2)^k / k!)^2}, which converges to full double precision within a few dozen
     * terms for the small arguments a Kaiser window uses.
     */
    static double besselI0(double x) {
        double quarterSquare = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; k < 500; k++) {
            term *= quarterSquare / ((double) k * k);
            double next = sum + term;
            if (next == sum) {
                break;
            }
            sum = next;
        }
        return sum;
    }

    /**
     * Sums {@code a[from, from + n)} in the order NumPy's {@code sum} uses for contiguous float64
     * data (blocks of up to 128 summed with eight interleaved accumulators, halves added
     * recursively), so that the normalisation divides by the very same number.
     */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }
}
