package org.pockettts.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Portable kernels in plain Java: the fallback without the Vector API, and the reference the vector
 * kernels are tested against. Products read the packed panels of a {@link Matrix} directly and
 * compute each output as the same chain of fused multiply-adds over the columns as the vector
 * kernels (int8: the same exact integer sum), so both give the same bits; four outputs at a time
 * keep the reads contiguous. Nothing is allocated per call: int8 activations are quantized into a
 * per-thread buffer.
 */
public final class ScalarKernels implements Kernels {

    private static final int P = Matrix.PANEL;
    private static final int HALF = P / 2;
    /** Outputs computed together: a panel (and each half of it) holds a whole number of groups. */
    private static final int GROUP = 4;
    private static final ThreadLocal<Quantized> QUANTIZED = ThreadLocal.withInitial(Quantized::new);

    /** A thread's buffer of quantized activations. */
    private static final class Quantized {
        short[] values = new short[0];
        float[] scales = new float[0];

        void fit(int rows, int cols) {
            int size = rows * 2 * Int8.pairs(cols);
            if (values.length < size) {
                values = new short[size];
            }
            if (scales.length < rows) {
                scales = new float[rows];
            }
        }
    }

    @Override
    public void matmul(float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y, int yOff) {
        w.checkAlive();
        int out = w.rows();
        int cols = w.cols();
        MemorySegment panels = w.panels();
        Quantized quantized = null;
        if (w.storage() == Matrix.Storage.INT8) {
            quantized = QUANTIZED.get();
            quantized.fit(rows, cols);
            Int8.quantizeRows(x, xOff, xStride, rows, cols, quantized.values, quantized.scales);
        }
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o += GROUP) {
                long base = (long) (o / P) * P * cols;
                int k = o % P;
                int yr = yOff + r * out + o;
                int valid = Math.min(GROUP, out - o);
                switch (w.storage()) {
                    case F32 -> f32(x, xOff + r * xStride, panels, base + k, cols, y, yr, valid);
                    case BF16 -> bf16(x, xOff + r * xStride, panels, base / 2 + k % HALF, k < HALF ? 16 : 0, cols,
                            y, yr, valid);
                    case INT8 -> int8(quantized.values, r * 2 * Int8.pairs(cols), quantized.scales[r], panels,
                            (long) (o / P) * P * Int8.pairs(cols), k, Int8.pairs(cols), w.scales(), o, y, yr, valid);
                }
                if (bias != null) {
                    for (int j = 0; j < valid; j++) {
                        y[yr + j] += bias[o + j];
                    }
                }
            }
        }
    }

    /** Four outputs from float32 panel values at {@code at + c·P}. */
    private static void f32(float[] x, int x0, MemorySegment w, long at, int cols, float[] y, int y0, int valid) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        for (int c = 0; c < cols; c++, at += P) {
            float v = x[x0 + c];
            a0 = Math.fma(v, w.getAtIndex(ValueLayout.JAVA_FLOAT, at), a0);
            a1 = Math.fma(v, w.getAtIndex(ValueLayout.JAVA_FLOAT, at + 1), a1);
            a2 = Math.fma(v, w.getAtIndex(ValueLayout.JAVA_FLOAT, at + 2), a2);
            a3 = Math.fma(v, w.getAtIndex(ValueLayout.JAVA_FLOAT, at + 3), a3);
        }
        store(a0, a1, a2, a3, y, y0, valid);
    }

    /** Four outputs from bfloat16 pairs at {@code at + c·P/2}: low halves ({@code shift} 16) or high halves (0). */
    private static void bf16(float[] x, int x0, MemorySegment w, long at, int shift, int cols, float[] y, int y0,
                             int valid) {
        int mask = shift == 0 ? 0xFFFF0000 : -1;
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        for (int c = 0; c < cols; c++, at += HALF) {
            float v = x[x0 + c];
            a0 = Math.fma(v, Float.intBitsToFloat((w.getAtIndex(ValueLayout.JAVA_INT, at) << shift) & mask), a0);
            a1 = Math.fma(v, Float.intBitsToFloat((w.getAtIndex(ValueLayout.JAVA_INT, at + 1) << shift) & mask), a1);
            a2 = Math.fma(v, Float.intBitsToFloat((w.getAtIndex(ValueLayout.JAVA_INT, at + 2) << shift) & mask), a2);
            a3 = Math.fma(v, Float.intBitsToFloat((w.getAtIndex(ValueLayout.JAVA_INT, at + 3) << shift) & mask), a3);
        }
        store(a0, a1, a2, a3, y, y0, valid);
    }

    /**
     * Four outputs, panel rows {@code k … k+3}, from int8 column pairs at {@code at + j·P} (16-bit
     * values in the lanes {@link Int8#lane} gives), scaled as {@link Int8} says.
     */
    private static void int8(short[] q, int q0, float qs, MemorySegment w, long at, int k, int pairs, float[] ws,
                             int o, float[] y, int y0, int valid) {
        long m0 = at + Int8.lane(k, P);
        long m1 = at + Int8.lane(k + 1, P);
        long m2 = at + Int8.lane(k + 2, P);
        long m3 = at + Int8.lane(k + 3, P);
        int a0 = 0;
        int a1 = 0;
        int a2 = 0;
        int a3 = 0;
        for (int j = 0; j < pairs; j++) {
            int even = q[q0 + 2 * j];
            int odd = q[q0 + 2 * j + 1];
            long pair = (long) j * P;
            short s0 = w.getAtIndex(ValueLayout.JAVA_SHORT, m0 + pair);
            short s1 = w.getAtIndex(ValueLayout.JAVA_SHORT, m1 + pair);
            short s2 = w.getAtIndex(ValueLayout.JAVA_SHORT, m2 + pair);
            short s3 = w.getAtIndex(ValueLayout.JAVA_SHORT, m3 + pair);
            a0 += even * (byte) s0 + odd * (s0 >> 8);
            a1 += even * (byte) s1 + odd * (s1 >> 8);
            a2 += even * (byte) s2 + odd * (s2 >> 8);
            a3 += even * (byte) s3 + odd * (s3 >> 8);
        }
        store(a0 * (ws[o] * qs), a1 * (ws[o + 1] * qs), a2 * (ws[o + 2] * qs), a3 * (ws[o + 3] * qs), y, y0, valid);
    }

    private static void store(float a0, float a1, float a2, float a3, float[] y, int y0, int valid) {
        y[y0] = a0;
        if (valid > 1) {
            y[y0 + 1] = a1;
        }
        if (valid > 2) {
            y[y0 + 2] = a2;
        }
        if (valid > 3) {
            y[y0 + 3] = a3;
        }
    }

    @Override
    public String toString() {
        return "ScalarKernels";
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float acc = 0;
        for (int i = 0; i < n; i++) {
            acc += a[aOff + i] * b[bOff + i];
        }
        return acc;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }
}
