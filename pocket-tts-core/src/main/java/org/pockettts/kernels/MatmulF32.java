package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·Wᵀ} for float32 weights on the Vector API, for a range of rows and outputs.
 *
 * <p>Several activation rows share each pass over the weights: a 4×3 tile keeps twelve
 * accumulators, three weight vectors and one activation vector in the sixteen AVX2 registers, so
 * each weight load feeds four multiply-adds instead of one. Outputs are walked in blocks whose
 * weights fit in the L2 cache, and every row tile runs over a block before the next is loaded, so a
 * large convolution reads its weights from memory once per call rather than once per row tile.
 */
final class MatmulF32 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Bytes of weights per output block: about half of a Zen 3 L2. */
    private static final int BLOCK_BYTES = 192 * 1024;

    private MatmulF32() {
    }

    /** Rows {@code [r0, r1)} and outputs {@code [o0, o1)}; {@code y} rows are {@code out} apart. */
    static void run(float[] x, int xOff, int xStride, int r0, int r1, float[] w, int cols, int out, int o0, int o1,
                    float[] bias, float[] y, int yOff) {
        int block = Math.max(3, BLOCK_BYTES / (4 * cols) / 3 * 3);
        for (int ob = o0; ob < o1; ob += block) {
            int oe = Math.min(o1, ob + block);
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                int o = ob;
                for (; o + 3 <= oe; o += 3) {
                    tile4x3(x, xOff + r * xStride, xStride, w, o * cols, cols, y, yOff + r * out + o, out);
                }
                for (; o < oe; o++) {
                    for (int k = 0; k < 4; k++) {
                        y[yOff + (r + k) * out + o] = dot(x, xOff + (r + k) * xStride, w, o * cols, cols);
                    }
                }
            }
            for (; r < r1; r++) {
                matvec(x, xOff + r * xStride, w, cols, ob, oe, y, yOff + r * out);
            }
        }
        if (bias != null) {
            for (int r = r0; r < r1; r++) {
                int yr = yOff + r * out;
                for (int o = o0; o < o1; o++) {
                    y[yr + o] += bias[o];
                }
            }
        }
    }

    /** One row: four weight rows share each load of x. */
    static void matvec(float[] x, int xr, float[] w, int cols, int o0, int o1, float[] y, int yr) {
        int o = o0;
        int bound = S.loopBound(cols);
        for (; o + 4 <= o1; o += 4) {
            int w0 = o * cols;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            int i = 0;
            for (; i < bound; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xr + i);
                a0 = FloatVector.fromArray(S, w, w0 + i).fma(xv, a0);
                a1 = FloatVector.fromArray(S, w, w0 + cols + i).fma(xv, a1);
                a2 = FloatVector.fromArray(S, w, w0 + 2 * cols + i).fma(xv, a2);
                a3 = FloatVector.fromArray(S, w, w0 + 3 * cols + i).fma(xv, a3);
            }
            float s0 = Lanes.sum(a0);
            float s1 = Lanes.sum(a1);
            float s2 = Lanes.sum(a2);
            float s3 = Lanes.sum(a3);
            for (; i < cols; i++) {
                float xi = x[xr + i];
                s0 += w[w0 + i] * xi;
                s1 += w[w0 + cols + i] * xi;
                s2 += w[w0 + 2 * cols + i] * xi;
                s3 += w[w0 + 3 * cols + i] * xi;
            }
            y[yr + o] = s0;
            y[yr + o + 1] = s1;
            y[yr + o + 2] = s2;
            y[yr + o + 3] = s3;
        }
        for (; o < o1; o++) {
            y[yr + o] = dot(x, xr, w, o * cols, cols);
        }
    }

    private static void tile4x3(float[] x, int x0, int xs, float[] w, int w0, int cols, float[] y, int y0, int ys) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = FloatVector.zero(S);
        FloatVector a02 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S);
        FloatVector a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S);
        FloatVector a21 = FloatVector.zero(S);
        FloatVector a22 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S);
        FloatVector a31 = FloatVector.zero(S);
        FloatVector a32 = FloatVector.zero(S);
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int bound = S.loopBound(cols);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector v1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector v2 = FloatVector.fromArray(S, w, w2 + i);
            FloatVector xv = FloatVector.fromArray(S, x, x0 + i);
            a00 = xv.fma(v0, a00);
            a01 = xv.fma(v1, a01);
            a02 = xv.fma(v2, a02);
            xv = FloatVector.fromArray(S, x, x0 + xs + i);
            a10 = xv.fma(v0, a10);
            a11 = xv.fma(v1, a11);
            a12 = xv.fma(v2, a12);
            xv = FloatVector.fromArray(S, x, x0 + 2 * xs + i);
            a20 = xv.fma(v0, a20);
            a21 = xv.fma(v1, a21);
            a22 = xv.fma(v2, a22);
            xv = FloatVector.fromArray(S, x, x0 + 3 * xs + i);
            a30 = xv.fma(v0, a30);
            a31 = xv.fma(v1, a31);
            a32 = xv.fma(v2, a32);
        }
        y[y0] = Lanes.sum(a00);
        y[y0 + 1] = Lanes.sum(a01);
        y[y0 + 2] = Lanes.sum(a02);
        y[y0 + ys] = Lanes.sum(a10);
        y[y0 + ys + 1] = Lanes.sum(a11);
        y[y0 + ys + 2] = Lanes.sum(a12);
        y[y0 + 2 * ys] = Lanes.sum(a20);
        y[y0 + 2 * ys + 1] = Lanes.sum(a21);
        y[y0 + 2 * ys + 2] = Lanes.sum(a22);
        y[y0 + 3 * ys] = Lanes.sum(a30);
        y[y0 + 3 * ys + 1] = Lanes.sum(a31);
        y[y0 + 3 * ys + 2] = Lanes.sum(a32);
        for (; i < cols; i++) {
            for (int r = 0; r < 4; r++) {
                float xi = x[x0 + r * xs + i];
                y[y0 + r * ys] += xi * w[w0 + i];
                y[y0 + r * ys + 1] += xi * w[w1 + i];
                y[y0 + r * ys + 2] += xi * w[w2 + i];
            }
        }
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float s = Lanes.sum(acc);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }
}
