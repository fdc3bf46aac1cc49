package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·Wᵀ} for float32 weights in panels ({@link Matrix}), for a range of rows and panels.
 *
 * <p>A tile of six activation rows by one panel keeps twelve accumulators in registers; per column
 * it loads the panel's two weight vectors once and multiplies them by six broadcast activations,
 * so the loads are far fewer than the multiply-adds and the loop runs near the machine's FMA
 * throughput. Leftover rows go through four-row and one-row tiles. Each output is the sum over the
 * columns in order, so the tiling never changes a result.
 *
 * <p>Vector values never cross a method call in these kernels: when the JIT reaches its inlining
 * depth inside a deep caller, a vector passed to a helper is boxed on the heap at every use, which
 * is many times slower and makes garbage in the innermost loop.
 */
final class MatmulF32 {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    private static final int P = Matrix.PANEL;

    private MatmulF32() {
    }

    /** Rows {@code [r0, r1)}, panels {@code [p0, p1)}; {@code y} rows are {@code out} apart. */
    static void run(float[] x, int xOff, int xStride, int r0, int r1, float[] w, int cols, int out, int p0, int p1,
                    float[] bias, float[] y, int yOff) {
        // The tiles only ever see whole panels: a partial panel goes through its own small loop,
        // since a tile compiled with that case in its profile runs at half speed.
        int whole = Math.min(p1, out / P);
        for (int p = p0; p < whole; p++) {
            int wb = p * P * cols;
            int o = p * P;
            int r = r0;
            for (; r + 6 <= r1; r += 6) {
                tile6(x, xOff + r * xStride, xStride, w, wb, cols, y, yOff + r * out + o, out);
            }
            for (; r + 4 <= r1; r += 4) {
                tile4(x, xOff + r * xStride, xStride, w, wb, cols, y, yOff + r * out + o, out);
            }
            for (; r < r1; r++) {
                tile1(x, xOff + r * xStride, w, wb, cols, y, yOff + r * out + o);
            }
        }
        if (whole < p1) {
            int valid = out - whole * P;
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                partial4(x, xOff + r * xStride, xStride, w, whole * P * cols, cols, y, yOff + r * out + whole * P, out,
                        valid);
            }
            for (; r < r1; r++) {
                partial(x, xOff + r * xStride, w, whole * P * cols, cols, y, yOff + r * out + whole * P, valid);
            }
        }
        if (bias != null) {
            int o1 = Math.min(out, p1 * P);
            for (int r = r0; r < r1; r++) {
                for (int o = p0 * P; o < o1; o++) {
                    y[yOff + r * out + o] += bias[o];
                }
            }
        }
    }

    /** As {@link #partial} for four rows: four independent chains hide the multiply-add latency. */
    private static void partial4(float[] x, int x0, int xs, float[] w, int wb, int cols, float[] y, int y0, int ys,
                                 int valid) {
        for (int k = 0; k < valid; k++) {
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            for (int i = 0; i < cols; i++) {
                float wi = w[wb + i * P + k];
                a0 = Math.fma(x[x0 + i], wi, a0);
                a1 = Math.fma(x[x0 + xs + i], wi, a1);
                a2 = Math.fma(x[x0 + 2 * xs + i], wi, a2);
                a3 = Math.fma(x[x0 + 3 * xs + i], wi, a3);
            }
            y[y0 + k] = a0;
            y[y0 + ys + k] = a1;
            y[y0 + 2 * ys + k] = a2;
            y[y0 + 3 * ys + k] = a3;
        }
    }

    /** The first {@code valid} outputs of a partial panel for one row, one value at a time (rare and small). */
    private static void partial(float[] x, int x0, float[] w, int wb, int cols, float[] y, int y0, int valid) {
        for (int k = 0; k < valid; k++) {
            float acc = 0;
            for (int i = 0; i < cols; i++) {
                acc = Math.fma(x[x0 + i], w[wb + i * P + k], acc);
            }
            y[y0 + k] = acc;
        }
    }

    private static void tile6(float[] x, int x0, int xs, float[] w, int wb, int cols, float[] y, int y0, int ys) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        FloatVector b4 = a0;
        FloatVector b5 = a0;
        for (int i = 0; i < cols; i++) {
            int wi = wb + i * P;
            FloatVector w0 = FloatVector.fromArray(S, w, wi);
            FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a0 = v.fma(w0, a0);
            b0 = v.fma(w1, b0);
            v = FloatVector.broadcast(S, x[x0 + xs + i]);
            a1 = v.fma(w0, a1);
            b1 = v.fma(w1, b1);
            v = FloatVector.broadcast(S, x[x0 + 2 * xs + i]);
            a2 = v.fma(w0, a2);
            b2 = v.fma(w1, b2);
            v = FloatVector.broadcast(S, x[x0 + 3 * xs + i]);
            a3 = v.fma(w0, a3);
            b3 = v.fma(w1, b3);
            v = FloatVector.broadcast(S, x[x0 + 4 * xs + i]);
            a4 = v.fma(w0, a4);
            b4 = v.fma(w1, b4);
            v = FloatVector.broadcast(S, x[x0 + 5 * xs + i]);
            a5 = v.fma(w0, a5);
            b5 = v.fma(w1, b5);
        }
        a0.intoArray(y, y0);
        b0.intoArray(y, y0 + L);
        a1.intoArray(y, y0 + ys);
        b1.intoArray(y, y0 + ys + L);
        a2.intoArray(y, y0 + 2 * ys);
        b2.intoArray(y, y0 + 2 * ys + L);
        a3.intoArray(y, y0 + 3 * ys);
        b3.intoArray(y, y0 + 3 * ys + L);
        a4.intoArray(y, y0 + 4 * ys);
        b4.intoArray(y, y0 + 4 * ys + L);
        a5.intoArray(y, y0 + 5 * ys);
        b5.intoArray(y, y0 + 5 * ys + L);
    }

    private static void tile4(float[] x, int x0, int xs, float[] w, int wb, int cols, float[] y, int y0, int ys) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int i = 0; i < cols; i++) {
            int wi = wb + i * P;
            FloatVector w0 = FloatVector.fromArray(S, w, wi);
            FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a0 = v.fma(w0, a0);
            b0 = v.fma(w1, b0);
            v = FloatVector.broadcast(S, x[x0 + xs + i]);
            a1 = v.fma(w0, a1);
            b1 = v.fma(w1, b1);
            v = FloatVector.broadcast(S, x[x0 + 2 * xs + i]);
            a2 = v.fma(w0, a2);
            b2 = v.fma(w1, b2);
            v = FloatVector.broadcast(S, x[x0 + 3 * xs + i]);
            a3 = v.fma(w0, a3);
            b3 = v.fma(w1, b3);
        }
        a0.intoArray(y, y0);
        b0.intoArray(y, y0 + L);
        a1.intoArray(y, y0 + ys);
        b1.intoArray(y, y0 + ys + L);
        a2.intoArray(y, y0 + 2 * ys);
        b2.intoArray(y, y0 + 2 * ys + L);
        a3.intoArray(y, y0 + 3 * ys);
        b3.intoArray(y, y0 + 3 * ys + L);
    }

    private static void tile1(float[] x, int x0, float[] w, int wb, int cols, float[] y, int y0) {
        FloatVector a = FloatVector.zero(S);
        FloatVector b = a;
        for (int i = 0; i < cols; i++) {
            int wi = wb + i * P;
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a = v.fma(FloatVector.fromArray(S, w, wi), a);
            b = v.fma(FloatVector.fromArray(S, w, wi + L), b);
        }
        a.intoArray(y, y0);
        b.intoArray(y, y0 + L);
    }
}
