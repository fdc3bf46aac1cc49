package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·Wᵀ} for bfloat16 weights in panels of pairs ({@link Matrix}).
 *
 * <p>One integer vector load brings a panel's sixteen weights of one column; shifting left by 16
 * gives the first eight as floats, masking the low halves the last eight. Single rows (FlowLM's
 * steps, limited by memory traffic) run four panels at once, so eight independent accumulators
 * hide the multiply-add latency while four weight streams flow; several rows (prompts) run six
 * rows per panel as the float32 kernel does. Each output is the sum over the columns in order.
 *
 * <p>Vector values never cross a method call here (see {@link MatmulF32}); conversions name their
 * target species, since one derived from the source vector is not always a constant for the JIT.
 */
final class MatmulBf16 {

    private static final VectorSpecies<Float> S = MatmulF32.S;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final int P = Matrix.PANEL;
    private static final int H = P / 2;
    private static final int L = 8;
    private static final int HIGH = 0xFFFF0000;

    private MatmulBf16() {
    }

    /** Rows {@code [r0, r1)}, panels {@code [p0, p1)}. */
    static void run(float[] x, int xOff, int xStride, int r0, int r1, int[] w, int cols, int out, int p0, int p1,
                    float[] bias, float[] y, int yOff) {
        // The tiles only ever see whole panels: a partial panel goes through its own small loop,
        // since a tile compiled with that case in its profile runs at half speed.
        int whole = Math.min(p1, out / P);
        if (r1 - r0 >= 6) {
            // Prompts: each panel (a few tens of KB) stays in cache while every row tile uses it.
            for (int p = p0; p < whole; p++) {
                int wb = p * H * cols;
                int r = r0;
                for (; r + 6 <= r1; r += 6) {
                    tile6(x, xOff + r * xStride, xStride, w, wb, cols, y, yOff + r * out + p * P, out);
                }
                for (; r + 4 <= r1; r += 4) {
                    tile4(x, xOff + r * xStride, xStride, w, wb, cols, y, yOff + r * out + p * P, out);
                }
                for (; r < r1; r++) {
                    matvec1(x, xOff + r * xStride, w, wb, cols, y, yOff + r * out + p * P);
                }
            }
        } else {
            for (int r = r0; r < r1; r++) {
                int p = p0;
                for (; p + 6 <= whole; p += 6) {
                    matvec6(x, xOff + r * xStride, w, p * H * cols, cols, y, yOff + r * out + p * P);
                }
                for (; p + 4 <= whole; p += 4) {
                    matvec4(x, xOff + r * xStride, w, p * H * cols, cols, y, yOff + r * out + p * P);
                }
                for (; p < whole; p++) {
                    matvec1(x, xOff + r * xStride, w, p * H * cols, cols, y, yOff + r * out + p * P);
                }
            }
        }
        if (whole < p1) {
            int valid = out - whole * P;
            int r = r0;
            for (; r + 4 <= r1; r += 4) {
                partial4(x, xOff + r * xStride, xStride, w, whole * H * cols, cols, y, yOff + r * out + whole * P, out,
                        valid);
            }
            for (; r < r1; r++) {
                partial(x, xOff + r * xStride, w, whole * H * cols, cols, y, yOff + r * out + whole * P, valid);
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
    private static void partial4(float[] x, int x0, int xs, int[] w, int wb, int cols, float[] y, int y0, int ys,
                                 int valid) {
        for (int k = 0; k < valid; k++) {
            int shift = k < H ? 16 : 0;
            int mask = k < H ? -1 : HIGH;
            float a0 = 0;
            float a1 = 0;
            float a2 = 0;
            float a3 = 0;
            for (int i = 0; i < cols; i++) {
                float wi = Float.intBitsToFloat((w[wb + i * H + k % H] << shift) & mask);
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
    private static void partial(float[] x, int x0, int[] w, int wb, int cols, float[] y, int y0, int valid) {
        for (int k = 0; k < valid; k++) {
            int shift = k < H ? 16 : 0;
            int mask = k < H ? -1 : HIGH;
            float acc = 0;
            for (int i = 0; i < cols; i++) {
                acc = Math.fma(x[x0 + i], Float.intBitsToFloat((w[wb + i * H + k % H] << shift) & mask), acc);
            }
            y[y0 + k] = acc;
        }
    }

    /** One row, six whole panels (96 outputs): six weight streams in flight. */
    private static void matvec6(float[] x, int x0, int[] w, int wb, int cols, float[] y, int y0) {
        int stride = H * cols;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        FloatVector a4 = a0;
        FloatVector b4 = a0;
        FloatVector a5 = a0;
        FloatVector b5 = a0;
        for (int i = 0; i < cols; i++) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            int wi = wb + i * H;
            IntVector q = IntVector.fromArray(I, w, wi);
            a0 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a0);
            b0 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b0);
            q = IntVector.fromArray(I, w, wi + stride);
            a1 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a1);
            b1 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b1);
            q = IntVector.fromArray(I, w, wi + 2 * stride);
            a2 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a2);
            b2 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b2);
            q = IntVector.fromArray(I, w, wi + 3 * stride);
            a3 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a3);
            b3 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b3);
            q = IntVector.fromArray(I, w, wi + 4 * stride);
            a4 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a4);
            b4 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b4);
            q = IntVector.fromArray(I, w, wi + 5 * stride);
            a5 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a5);
            b5 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b5);
        }
        a0.intoArray(y, y0);
        b0.intoArray(y, y0 + L);
        a1.intoArray(y, y0 + P);
        b1.intoArray(y, y0 + P + L);
        a2.intoArray(y, y0 + 2 * P);
        b2.intoArray(y, y0 + 2 * P + L);
        a3.intoArray(y, y0 + 3 * P);
        b3.intoArray(y, y0 + 3 * P + L);
        a4.intoArray(y, y0 + 4 * P);
        b4.intoArray(y, y0 + 4 * P + L);
        a5.intoArray(y, y0 + 5 * P);
        b5.intoArray(y, y0 + 5 * P + L);
    }

    /** One row, four whole panels (64 outputs). */
    private static void matvec4(float[] x, int x0, int[] w, int wb, int cols, float[] y, int y0) {
        int stride = H * cols;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        for (int i = 0; i < cols; i++) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            int wi = wb + i * H;
            IntVector q = IntVector.fromArray(I, w, wi);
            a0 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a0);
            b0 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b0);
            q = IntVector.fromArray(I, w, wi + stride);
            a1 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a1);
            b1 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b1);
            q = IntVector.fromArray(I, w, wi + 2 * stride);
            a2 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a2);
            b2 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b2);
            q = IntVector.fromArray(I, w, wi + 3 * stride);
            a3 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a3);
            b3 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b3);
        }
        a0.intoArray(y, y0);
        b0.intoArray(y, y0 + L);
        a1.intoArray(y, y0 + P);
        b1.intoArray(y, y0 + P + L);
        a2.intoArray(y, y0 + 2 * P);
        b2.intoArray(y, y0 + 2 * P + L);
        a3.intoArray(y, y0 + 3 * P);
        b3.intoArray(y, y0 + 3 * P + L);
    }

    private static void matvec1(float[] x, int x0, int[] w, int wb, int cols, float[] y, int y0) {
        FloatVector a = FloatVector.zero(S);
        FloatVector b = a;
        for (int i = 0; i < cols; i++) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            IntVector q = IntVector.fromArray(I, w, wb + i * H);
            a = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a);
            b = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b);
        }
        a.intoArray(y, y0);
        b.intoArray(y, y0 + L);
    }

    private static void tile6(float[] x, int x0, int xs, int[] w, int wb, int cols, float[] y, int y0, int ys) {
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
            IntVector q = IntVector.fromArray(I, w, wb + i * H);
            FloatVector w0 = (FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0);
            FloatVector w1 = (FloatVector) q.and(HIGH).reinterpretShape(S, 0);
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

    private static void tile4(float[] x, int x0, int xs, int[] w, int wb, int cols, float[] y, int y0, int ys) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        for (int i = 0; i < cols; i++) {
            IntVector q = IntVector.fromArray(I, w, wb + i * H);
            FloatVector w0 = (FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0);
            FloatVector w1 = (FloatVector) q.and(HIGH).reinterpretShape(S, 0);
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
}
