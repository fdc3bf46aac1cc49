package org.pockettts.formats;

import java.util.Arrays;

/** Sample-exact comparison of long signals, naming the first difference (AssertJ's is slow on 10⁵ samples). */
final class Samples {

    private Samples() {
    }

    static void assertEqual(short[] actual, short[] expected, String what) {
        int at = Arrays.mismatch(actual, expected);
        if (at >= 0) {
            fail(what, actual.length, expected.length, at,
                    at < actual.length ? actual[at] : null, at < expected.length ? expected[at] : null);
        }
    }

    static void assertEqual(float[] actual, float[] expected, String what) {
        int at = Arrays.mismatch(actual, expected);
        if (at >= 0) {
            fail(what, actual.length, expected.length, at,
                    at < actual.length ? actual[at] : null, at < expected.length ? expected[at] : null);
        }
    }

    private static void fail(String what, int length, int expectedLength, int at, Object value, Object expected) {
        throw new AssertionError(what + ": " + length + " samples, expected " + expectedLength
                + "; the first difference is at sample " + at + ": " + (value == null ? "none" : value)
                + " instead of " + (expected == null ? "none" : expected));
    }
}
