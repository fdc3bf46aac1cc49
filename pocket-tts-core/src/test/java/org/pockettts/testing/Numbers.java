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
}
