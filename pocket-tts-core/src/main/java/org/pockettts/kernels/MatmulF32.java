package org.pockettts.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
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
 * <p>The tiles only ever see whole panels, writing straight into {@code y}; the last, partial
 * panel runs through the same tiles into a buffer (its padding rows are zeros), from which the
 * valid outputs are copied. A tile with a partial-panel case in its profile would run at half
 * speed.
 *
 * <p>Vector values never cross a method call in these kernels: when the JIT reaches its inlining
 * depth inside a deep caller, a vector passed to a helper is boxed on the heap at every use, which
 * is many times slower and makes garbage in the innermost loop.
 */
final class MatmulF32 {

    private static final VectorSpecies<Float> S = Lanes.F;
    private static final int L = Lanes.L;
    private static final int P = Lanes.P;
    /** Bytes of one panel column. */
    private static final long COLUMN = 4L * P;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private MatmulF32() {
    }

    /** Rows {@code [r0, r1)}, panels {@code [p0, p1)}; {@code y} rows are {@code out} apart. */
    static void run(float[] x, int xOff, int xStride, int r0, int r1, MemorySegment w, int cols, int out, int p0,
                    int p1, float[] bias, float[] y, int yOff) {
        int whole = Math.min(p1, out / P);
        for (int p = p0; p < whole; p++) {
            long wb = p * COLUMN * cols;
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
            int o = whole * P;
            int valid = out - o;
            long wb = whole * COLUMN * cols;
            float[] buffer = Lanes.buffer();
            int r = r0;
            for (; r + 6 <= r1; r += 6) {
                tile6(x, xOff + r * xStride, xStride, w, wb, cols, buffer, 0, P);
                PanelBuffer.copy(buffer, 6, valid, y, yOff + r * out + o, out);
            }
            for (; r < r1; r++) {
                tile1(x, xOff + r * xStride, w, wb, cols, buffer, 0);
                PanelBuffer.copy(buffer, 1, valid, y, yOff + r * out + o, out);
            }
        }
        PanelBuffer.addBias(bias, r0, r1, p0, p1, out, y, yOff);
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
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, wi, ORDER);
            FloatVector w1 = FloatVector.fromMemorySegment(S, w, wi + 4 * L, ORDER);
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
            FloatVector w0 = FloatVector.fromMemorySegment(S, w, wi, ORDER);
            FloatVector w1 = FloatVector.fromMemorySegment(S, w, wi + 4 * L, ORDER);
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

    private static void tile1(float[] x, int x0, MemorySegment w, long wb, int cols, float[] y, int y0) {
        FloatVector a = FloatVector.zero(S);
        FloatVector b = a;
        long wi = wb;
        for (int i = 0; i < cols; i++, wi += COLUMN) {
            FloatVector v = FloatVector.broadcast(S, x[x0 + i]);
            a = v.fma(FloatVector.fromMemorySegment(S, w, wi, ORDER), a);
            b = v.fma(FloatVector.fromMemorySegment(S, w, wi + 4 * L, ORDER), b);
        }
        a.intoArray(y, y0);
        b.intoArray(y, y0 + L);
    }
}
