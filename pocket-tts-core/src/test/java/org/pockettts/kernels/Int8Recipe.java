package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The int8 recipe as documented, written out here for the tests: symmetric, one scale per weight
 * row and per activation row ({@code m/127}, values {@code rint(x·(127/m))} within ±127), exact
 * integer sums.
 */
final class Int8Recipe {

    private Int8Recipe() {
    }

    /** Quantized values of {@code n} values from {@code v[off]}; returns the scale. */
    static float quantize(float[] v, int off, int n, int[] q) {
        float m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(v[off + i]));
        }
        float inverse = m == 0 ? 0 : 127f / m;
        for (int i = 0; i < n; i++) {
            q[i] = (int) Math.max(-127, Math.min(127, Math.rint(v[off + i] * inverse)));
        }
        return m / 127f;
    }

    /** The product the recipe defines, in double after the exact integer sums. */
    static double[] product(float[] x, int xOff, int stride, int rows, float[] w, int out, int in, float[] bias) {
        int[][] qw = new int[out][in];
        float[] sw = new float[out];
        for (int o = 0; o < out; o++) {
            sw[o] = quantize(w, o * in, in, qw[o]);
        }
        int[] qx = new int[in];
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            float sx = quantize(x, xOff + r * stride, in, qx);
            for (int o = 0; o < out; o++) {
                long sum = 0;
                for (int i = 0; i < in; i++) {
                    sum += (long) qx[i] * qw[o][i];
                }
                y[r * out + o] = sum * ((double) sw[o] * sx) + bias[o];
            }
        }
        return y;
    }

    /**
     * Asserts that each output is within the error quantization allows of the exact product: with
     * steps {@code s_x} and {@code s_w}, {@code |x·w − x̂·ŵ| ≤ |w|·s_x/2 + (|x| + s_x/2)·s_w/2} per term.
     */
    static void assertWithinQuantizationError(float[] x, int xOff, int stride, int rows, float[] w, int out, int in,
                                              float[] bias, float[] y, int yOff) {
        double[] exact = KernelsAtEveryWidthTest.doubleProduct(x, xOff, stride, rows, w, out, in, bias);
        for (int r = 0; r < rows; r++) {
            double sx = 0;
            for (int i = 0; i < in; i++) {
                sx = Math.max(sx, Math.abs(x[xOff + r * stride + i]));
            }
            sx /= 127;
            for (int o = 0; o < out; o++) {
                double sw = 0;
                for (int i = 0; i < in; i++) {
                    sw = Math.max(sw, Math.abs(w[o * in + i]));
                }
                sw /= 127;
                double bound = 0;
                for (int i = 0; i < in; i++) {
                    bound += Math.abs(w[o * in + i]) * sx / 2 + (Math.abs(x[xOff + r * stride + i]) + sx / 2) * sw / 2;
                }
                assertThat((double) y[yOff + r * out + o]).as("row %d, output %d against the float product", r, o)
                        .isCloseTo(exact[r * out + o], org.assertj.core.data.Offset.offset(bound * 1.001 + 1e-6));
            }
        }
    }
}
