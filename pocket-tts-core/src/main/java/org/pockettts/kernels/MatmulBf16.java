package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·Wᵀ} for bfloat16 weights stored in pairs (see {@link Matrix}).
 *
 * <p>One integer vector of {@code L} pairs covers {@code 2L} columns; shifting left by 16 gives the
 * even columns as floats, masking the low half gives the odd ones. The activations are permuted
 * once per call to match ({@link #permute}: per block of {@code 2L} columns, the even columns then
 * the odd ones), so the inner loop is one weight load, two cheap integer operations and two
 * multiply-adds per {@code 2L} weights — the memory traffic of FlowLM's matrices halves and the
 * widening hides under it.
 */
final class MatmulBf16 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, VectorShape.forBitSize(S.vectorBitSize()));
    private static final int L = S.length();
    private static final int B = 2 * L;
    private static final int HIGH = 0xFFFF0000;

    private MatmulBf16() {
    }

    /** Copies {@code rows} rows of {@code x} into {@code xp} ([rows, cols]) in the kernels' column order. */
    static void permute(float[] x, int xOff, int xStride, int rows, int cols, float[] xp) {
        int bound = cols - cols % B;
        for (int r = 0; r < rows; r++) {
            int src = xOff + r * xStride;
            int dst = r * cols;
            for (int b = 0; b < bound; b += B) {
                for (int k = 0; k < L; k++) {
                    xp[dst + b + k] = x[src + b + 2 * k];
                    xp[dst + b + L + k] = x[src + b + 2 * k + 1];
                }
            }
            System.arraycopy(x, src + bound, xp, dst + bound, cols - bound);
        }
    }

    /** Rows {@code [r0, r1)} of the permuted {@code xp}, outputs {@code [o0, o1)}. */
    static void run(float[] xp, int r0, int r1, int[] w, int cols, int out, int o0, int o1, float[] bias, float[] y,
                    int yOff) {
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            int o = o0;
            for (; o + 2 <= o1; o += 2) {
                tile4x2(xp, r * cols, w, o, cols, y, yOff + r * out + o, out);
            }
            for (; o < o1; o++) {
                for (int k = 0; k < 4; k++) {
                    y[yOff + (r + k) * out + o] = dot(xp, (r + k) * cols, w, o, cols);
                }
            }
        }
        for (; r < r1; r++) {
            matvec(xp, r * cols, w, cols, o0, o1, y, yOff + r * out);
        }
        if (bias != null) {
            for (r = r0; r < r1; r++) {
                for (int o = o0; o < o1; o++) {
                    y[yOff + r * out + o] += bias[o];
                }
            }
        }
    }

    /** One row, four outputs per pass over the shared activations. */
    static void matvec(float[] xp, int xr, int[] w, int cols, int o0, int o1, float[] y, int yr) {
        int bound = cols - cols % B;
        int half = cols / 2;
        int o = o0;
        for (; o + 4 <= o1; o += 4) {
            int p0 = o * half;
            int p1 = p0 + half;
            int p2 = p1 + half;
            int p3 = p2 + half;
            FloatVector e0 = FloatVector.zero(S);
            FloatVector e1 = FloatVector.zero(S);
            FloatVector e2 = FloatVector.zero(S);
            FloatVector e3 = FloatVector.zero(S);
            FloatVector d0 = FloatVector.zero(S);
            FloatVector d1 = FloatVector.zero(S);
            FloatVector d2 = FloatVector.zero(S);
            FloatVector d3 = FloatVector.zero(S);
            for (int i = 0; i < bound; i += B) {
                FloatVector xe = FloatVector.fromArray(S, xp, xr + i);
                FloatVector xo = FloatVector.fromArray(S, xp, xr + i + L);
                int j = i >> 1;
                IntVector v = IntVector.fromArray(I, w, p0 + j);
                e0 = even(v).fma(xe, e0);
                d0 = odd(v).fma(xo, d0);
                v = IntVector.fromArray(I, w, p1 + j);
                e1 = even(v).fma(xe, e1);
                d1 = odd(v).fma(xo, d1);
                v = IntVector.fromArray(I, w, p2 + j);
                e2 = even(v).fma(xe, e2);
                d2 = odd(v).fma(xo, d2);
                v = IntVector.fromArray(I, w, p3 + j);
                e3 = even(v).fma(xe, e3);
                d3 = odd(v).fma(xo, d3);
            }
            y[yr + o] = Lanes.sum(e0.add(d0)) + tail(xp, xr, w, p0, bound, cols);
            y[yr + o + 1] = Lanes.sum(e1.add(d1)) + tail(xp, xr, w, p1, bound, cols);
            y[yr + o + 2] = Lanes.sum(e2.add(d2)) + tail(xp, xr, w, p2, bound, cols);
            y[yr + o + 3] = Lanes.sum(e3.add(d3)) + tail(xp, xr, w, p3, bound, cols);
        }
        for (; o < o1; o++) {
            y[yr + o] = dot(xp, xr, w, o, cols);
        }
    }

    private static void tile4x2(float[] xp, int x0, int[] w, int o, int cols, float[] y, int y0, int ys) {
        int bound = cols - cols % B;
        int half = cols / 2;
        int p0 = o * half;
        int p1 = p0 + half;
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S);
        FloatVector a11 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S);
        FloatVector a21 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S);
        FloatVector a31 = FloatVector.zero(S);
        for (int i = 0; i < bound; i += B) {
            int j = i >> 1;
            IntVector v = IntVector.fromArray(I, w, p0 + j);
            FloatVector we0 = even(v);
            FloatVector wo0 = odd(v);
            v = IntVector.fromArray(I, w, p1 + j);
            FloatVector we1 = even(v);
            FloatVector wo1 = odd(v);
            int xi = x0 + i;
            FloatVector xe = FloatVector.fromArray(S, xp, xi);
            FloatVector xo = FloatVector.fromArray(S, xp, xi + L);
            a00 = we0.fma(xe, wo0.fma(xo, a00));
            a01 = we1.fma(xe, wo1.fma(xo, a01));
            xi += cols;
            xe = FloatVector.fromArray(S, xp, xi);
            xo = FloatVector.fromArray(S, xp, xi + L);
            a10 = we0.fma(xe, wo0.fma(xo, a10));
            a11 = we1.fma(xe, wo1.fma(xo, a11));
            xi += cols;
            xe = FloatVector.fromArray(S, xp, xi);
            xo = FloatVector.fromArray(S, xp, xi + L);
            a20 = we0.fma(xe, wo0.fma(xo, a20));
            a21 = we1.fma(xe, wo1.fma(xo, a21));
            xi += cols;
            xe = FloatVector.fromArray(S, xp, xi);
            xo = FloatVector.fromArray(S, xp, xi + L);
            a30 = we0.fma(xe, wo0.fma(xo, a30));
            a31 = we1.fma(xe, wo1.fma(xo, a31));
        }
        y[y0] = Lanes.sum(a00) + tail(xp, x0, w, p0, bound, cols);
        y[y0 + 1] = Lanes.sum(a01) + tail(xp, x0, w, p1, bound, cols);
        y[y0 + ys] = Lanes.sum(a10) + tail(xp, x0 + cols, w, p0, bound, cols);
        y[y0 + ys + 1] = Lanes.sum(a11) + tail(xp, x0 + cols, w, p1, bound, cols);
        y[y0 + 2 * ys] = Lanes.sum(a20) + tail(xp, x0 + 2 * cols, w, p0, bound, cols);
        y[y0 + 2 * ys + 1] = Lanes.sum(a21) + tail(xp, x0 + 2 * cols, w, p1, bound, cols);
        y[y0 + 3 * ys] = Lanes.sum(a30) + tail(xp, x0 + 3 * cols, w, p0, bound, cols);
        y[y0 + 3 * ys + 1] = Lanes.sum(a31) + tail(xp, x0 + 3 * cols, w, p1, bound, cols);
    }

    private static FloatVector even(IntVector pairs) {
        return pairs.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    private static FloatVector odd(IntVector pairs) {
        return pairs.and(HIGH).reinterpretAsFloats();
    }

    /** One output over all columns. */
    private static float dot(float[] xp, int xr, int[] w, int o, int cols) {
        int bound = cols - cols % B;
        int p = o * (cols / 2);
        FloatVector e = FloatVector.zero(S);
        FloatVector d = FloatVector.zero(S);
        for (int i = 0; i < bound; i += B) {
            IntVector v = IntVector.fromArray(I, w, p + (i >> 1));
            e = even(v).fma(FloatVector.fromArray(S, xp, xr + i), e);
            d = odd(v).fma(FloatVector.fromArray(S, xp, xr + i + L), d);
        }
        return Lanes.sum(e.add(d)) + tail(xp, xr, w, p, bound, cols);
    }

    /** The columns past the last whole block, which {@link #permute} left in their natural order. */
    private static float tail(float[] xp, int xr, int[] w, int p, int from, int cols) {
        float s = 0;
        for (int i = from; i < cols; i += 2) {
            int pair = w[p + (i >> 1)];
            s += Float.intBitsToFloat(pair << 16) * xp[xr + i] + Float.intBitsToFloat(pair & HIGH) * xp[xr + i + 1];
        }
        return s;
    }
}
