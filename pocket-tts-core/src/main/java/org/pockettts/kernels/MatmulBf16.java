package org.pockettts.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·Wᵀ} for bfloat16 weights in panels of pairs ({@link Matrix}).
 *
 * <p>One integer vector load brings a panel's weights of one column; shifting left by 16 gives the
 * first half as floats, masking the low halves the second. Single rows (FlowLM's steps, limited by
 * memory traffic) run six or four panels at once, so twelve or eight independent accumulators hide
 * the multiply-add latency while as many weight streams flow; several rows (prompts) run six rows
 * per panel as the float32 kernel does. Each output is the sum over the columns in order. A
 * partial last panel runs whole into a buffer, as in {@link MatmulF32}.
 *
 * <p>Vector values never cross a method call here (see {@link MatmulF32}); conversions name their
 * target species, since one derived from the source vector is not always a constant for the JIT.
 */
final class MatmulBf16 {

    private static final VectorSpecies<Float> S = Lanes.F;
    private static final VectorSpecies<Integer> I = Lanes.I;
    private static final int P = Lanes.P;
    private static final int L = Lanes.L;
    /** Bytes of one panel column: {@code L} pairs. */
    private static final long COLUMN = 4L * L;
    private static final int HIGH = 0xFFFF0000;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private MatmulBf16() {
    }

    /** Rows {@code [r0, r1)}, panels {@code [p0, p1)}. */
    static void run(float[] x, int xOff, int xStride, int r0, int r1, MemorySegment w, int cols, int out, int p0,
                    int p1, float[] bias, float[] y, int yOff) {
        int whole = Math.min(p1, out / P);
        long panel = COLUMN * cols;
        if (r1 - r0 >= 6) {
            // Prompts: each panel (a few tens of KB) stays in cache while every row tile uses it.
            for (int p = p0; p < whole; p++) {
                int r = r0;
                for (; r + 6 <= r1; r += 6) {
                    tile6(x, xOff + r * xStride, xStride, w, p * panel, cols, y, yOff + r * out + p * P, out);
                }
                for (; r + 4 <= r1; r += 4) {
                    tile4(x, xOff + r * xStride, xStride, w, p * panel, cols, y, yOff + r * out + p * P, out);
                }
                for (; r < r1; r++) {
                    matvec1(x, xOff + r * xStride, w, p * panel, cols, y, yOff + r * out + p * P);
                }
            }
        } else {
            for (int r = r0; r < r1; r++) {
                int p = p0;
                for (; p + 6 <= whole; p += 6) {
                    matvec6(x, xOff + r * xStride, w, p * panel, panel, cols, y, yOff + r * out + p * P);
                }
                for (; p + 4 <= whole; p += 4) {
                    matvec4(x, xOff + r * xStride, w, p * panel, panel, cols, y, yOff + r * out + p * P);
                }
                for (; p < whole; p++) {
                    matvec1(x, xOff + r * xStride, w, p * panel, cols, y, yOff + r * out + p * P);
                }
            }
        }
        if (whole < p1) {
            int o = whole * P;
            int valid = out - o;
            float[] buffer = Lanes.buffer();
            int r = r0;
            for (; r + 6 <= r1; r += 6) {
                tile6(x, xOff + r * xStride, xStride, w, whole * panel, cols, buffer, 0, P);
                PanelBuffer.copy(buffer, 6, valid, y, yOff + r * out + o, out);
            }
            for (; r < r1; r++) {
                matvec1(x, xOff + r * xStride, w, whole * panel, cols, buffer, 0);
                PanelBuffer.copy(buffer, 1, valid, y, yOff + r * out + o, out);
            }
        }
        PanelBuffer.addBias(bias, r0, r1, p0, p1, out, y, yOff);
    }

    /** One row, six whole panels: six weight streams in flight. */
    private static void matvec6(float[] x, int x0, MemorySegment w, long wb, long stride, int cols, float[] y,
                                int y0) {
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
        long wi = wb;
        for (int i = 0; i < cols; i++, wi += COLUMN) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            IntVector q = IntVector.fromMemorySegment(I, w, wi, ORDER);
            a0 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a0);
            b0 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b0);
            q = IntVector.fromMemorySegment(I, w, wi + stride, ORDER);
            a1 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a1);
            b1 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b1);
            q = IntVector.fromMemorySegment(I, w, wi + 2 * stride, ORDER);
            a2 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a2);
            b2 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b2);
            q = IntVector.fromMemorySegment(I, w, wi + 3 * stride, ORDER);
            a3 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a3);
            b3 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b3);
            q = IntVector.fromMemorySegment(I, w, wi + 4 * stride, ORDER);
            a4 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a4);
            b4 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b4);
            q = IntVector.fromMemorySegment(I, w, wi + 5 * stride, ORDER);
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

    /** One row, four whole panels. */
    private static void matvec4(float[] x, int x0, MemorySegment w, long wb, long stride, int cols, float[] y,
                                int y0) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector b0 = a0;
        FloatVector a1 = a0;
        FloatVector b1 = a0;
        FloatVector a2 = a0;
        FloatVector b2 = a0;
        FloatVector a3 = a0;
        FloatVector b3 = a0;
        long wi = wb;
        for (int i = 0; i < cols; i++, wi += COLUMN) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            IntVector q = IntVector.fromMemorySegment(I, w, wi, ORDER);
            a0 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a0);
            b0 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b0);
            q = IntVector.fromMemorySegment(I, w, wi + stride, ORDER);
            a1 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a1);
            b1 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b1);
            q = IntVector.fromMemorySegment(I, w, wi + 2 * stride, ORDER);
            a2 = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a2);
            b2 = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b2);
            q = IntVector.fromMemorySegment(I, w, wi + 3 * stride, ORDER);
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

    private static void matvec1(float[] x, int x0, MemorySegment w, long wb, int cols, float[] y, int y0) {
        FloatVector a = FloatVector.zero(S);
        FloatVector b = a;
        long wi = wb;
        for (int i = 0; i < cols; i++, wi += COLUMN) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            IntVector q = IntVector.fromMemorySegment(I, w, wi, ORDER);
            a = v.fma((FloatVector) q.lanewise(VectorOperators.LSHL, 16).reinterpretShape(S, 0), a);
            b = v.fma((FloatVector) q.and(HIGH).reinterpretShape(S, 0), b);
        }
        a.intoArray(y, y0);
        b.intoArray(y, y0 + L);
    }

    private static void tile6(float[] x, int x0, int xs, MemorySegment w, long wb, int cols, float[] y, int y0,
                              int ys) {
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
        long wi = wb;
        for (int i = 0; i < cols; i++, wi += COLUMN) {
            IntVector q = IntVector.fromMemorySegment(I, w, wi, ORDER);
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

    private static void tile4(float[] x, int x0, int xs, MemorySegment w, long wb, int cols, float[] y, int y0,
                              int ys) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector b0 = a0;
        FloatVector b1 = a0;
        FloatVector b2 = a0;
        FloatVector b3 = a0;
        long wi = wb;
        for (int i = 0; i < cols; i++, wi += COLUMN) {
            IntVector q = IntVector.fromMemorySegment(I, w, wi, ORDER);
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
