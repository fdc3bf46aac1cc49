package org.pockettts.testing;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of computed numbers with golden ones, reporting where they differ most. */
public final class Numbers {

    private Numbers() {
    }

    /** Largest absolute difference; arrays of different length are a failure of the caller's assertion. */
    public static double maxAbsDiff(float[] expected, float[] actual) {
        double max = 0;
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** Asserts equal length and {@code max |expected - actual| <= tolerance}. */
    public static void assertClose(String what, float[] expected, float[] actual, double tolerance) {
        assertThat(actual).as(what + ": length").hasSize(expected.length);
        int worst = -1;
        double max = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (Double.isNaN(d)) {
                d = Double.POSITIVE_INFINITY;
            }
            if (d > max) {
                max = d;
                worst = i;
            }
        }
        if (expected.length > 0) {
            assertThat(max)
                    .as("%s: max abs diff %.3g at index %d (expected %s, got %s)", what, max, worst,
                            expected[worst], actual[worst])
                    .isLessThanOrEqualTo(tolerance);
        }
    }

    /** The cosine of the angle between two equally long vectors, in double precision. */
    public static double cosine(float[] a, float[] b) {
        assertThat(b).as("compared lengths").hasSize(a.length);
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * b[i];
            aa += (double) a[i] * a[i];
            bb += (double) b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /**
     * Signal-to-noise ratio of {@code approximate} against {@code reference}, in dB:
     * {@code 10·log10(Σ reference² / Σ (approximate − reference)²)} over every value, as the
     * fixtures' READMEs compute it.
     */
    public static double snrDb(float[] reference, float[] approximate) {
        assertThat(approximate).as("compared lengths").hasSize(reference.length);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = (double) approximate[i] - reference[i];
            signal += (double) reference[i] * reference[i];
            noise += d * d;
        }
        return 10 * Math.log10(signal / noise);
    }

    /** The arrays one after the other. */
    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
