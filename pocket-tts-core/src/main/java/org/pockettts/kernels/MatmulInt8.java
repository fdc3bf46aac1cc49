package org.pockettts.kernels;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y = x·Wᵀ} for int8 weights in panels ({@link Matrix}), with the activations quantized per
 * row beforehand ({@link #quantize}); the recipe and the layout are {@link Int8}'s.
 *
 * <p>Per pair of columns and panel: one load of 16-bit lanes, each holding a row's two weights;
 * shifts widen the two columns, which are multiplied by their broadcast activations and added in
 * 16 bits. Read as 32-bit lanes, these sums hold the panel's first half in their low halves and
 * its second half in their high halves: one int32 accumulator takes the lanes whole, another
 * their high halves, and the epilogue separates the two ({@link #LOW_OFFSET}). Integer sums are
 * exact, so the order does not matter and every path (one row, several, the portable kernel) gives
 * the same bits. The epilogue converts each sum to float and multiplies it by the row's weight
 * scale times the token's activation scale.
 *
 * <p>As in {@link MatmulF32}, vectors never cross a method call, and a partial last panel runs
 * whole into a buffer.
 */
final class MatmulInt8 {

    private static final VectorSpecies<Float> F = Lanes.F;
    private static final VectorSpecies<Integer> I = Lanes.I;
    private static final VectorSpecies<Short> S = Lanes.S;
    private static final VectorSpecies<Short> S_HALF = Lanes.S_HALF;
    private static final int L = Lanes.L;
    private static final int P = Lanes.P;
    /** Bytes of one column pair of a panel: one vector. */
    private static final long PAIR = 2L * P;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /**
     * Flipping bit 15 of an int lane adds 2^15 to its low half without a carry: the low half, a
     * signed sum within ±32258, becomes a non-negative 16-bit value, so the whole lane is
     * {@code 2^16·high + low + 2^15}. One addition then accumulates both halves, the high ones are
     * summed apart by an arithmetic shift, and the low sums come out at the end as
     * {@code Σ lane − 2^16·Σ high − 2^15·pairs} (exact modulo 2^32, and the true sum fits).
     */
    private static final int LOW_OFFSET = 0x8000;
    /** Adding then subtracting 1.5·2^23 rounds a float to an integer, half to even (for |v| < 2^22). */
    private static final float ROUND = 12582912f;

    private MatmulInt8() {
    }

    /**
     * Quantizes {@code rows} activation rows as {@link Int8#quantizeRows} does, with the same
     * results: the maximum is exact in any order, and the rounding trick is {@link Math#rint} for
     * these magnitudes.
     */
    static void quantize(float[] x, int xOff, int xStride, int rows, int cols, short[] q, float[] scales) {
        int bound = F.loopBound(cols);
        int stride = 2 * Int8.pairs(cols);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * xStride;
            int qr = r * stride;
            FloatVector m = FloatVector.zero(F);
            int i = 0;
            for (; i < bound; i += L) {
                m = m.max(FloatVector.fromArray(F, x, xr + i).abs());
            }
            float amax = Math.max(m.reduceLanes(VectorOperators.MAX), Int8.amax(x, xr + i, cols - i));
            float inverse = Int8.inverse(amax);
            scales[r] = Int8.scale(amax);
            i = 0;
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, xr + i).mul(inverse).add(ROUND).sub(ROUND)
                        .max(-Int8.MAX).min(Int8.MAX);
                IntVector n = (IntVector) v.convertShape(VectorOperators.F2I, I, 0);
                ((ShortVector) n.convertShape(VectorOperators.I2S, S_HALF, 0)).intoArray(q, qr + i);
            }
            for (; i < cols; i++) {
                q[qr + i] = (short) Int8.quantize(x[xr + i], inverse);
            }
            if (cols < stride) {
                q[qr + cols] = 0;
            }
        }
    }

    /**
     * Rows {@code [r0, r1)} of quantized activations {@code q} (rows {@code 2·pairs(cols)} apart,
     * scales {@code qs}), panels {@code [p0, p1)} of {@code w} (row scales {@code ws}, padded to
     * whole panels); {@code y} rows are {@code out} apart.
     */
    static void run(short[] q, float[] qs, int r0, int r1, MemorySegment w, float[] ws, int cols, int out, int p0,
                    int p1, float[] bias, float[] y, int yOff) {
        int whole = Math.min(p1, out / P);
        int pairs = Int8.pairs(cols);
        int qStride = 2 * pairs;
        long panel = PAIR * pairs;
        if (r1 - r0 >= 4) {
            for (int p = p0; p < whole; p++) {
                int r = r0;
                for (; r + 4 <= r1; r += 4) {
                    tile4(q, r * qStride, qStride, qs, r, w, p * panel, pairs, ws, p * P, y, yOff + r * out + p * P,
                            out);
                }
                for (; r < r1; r++) {
                    matvec1(q, r * qStride, qs[r], w, p * panel, pairs, ws, p * P, y, yOff + r * out + p * P);
                }
            }
        } else {
            for (int r = r0; r < r1; r++) {
                int p = p0;
                for (; p + 4 <= whole; p += 4) {
                    matvec4(q, r * qStride, qs[r], w, p * panel, panel, pairs, ws, p * P, y, yOff + r * out + p * P);
                }
                for (; p < whole; p++) {
                    matvec1(q, r * qStride, qs[r], w, p * panel, pairs, ws, p * P, y, yOff + r * out + p * P);
                }
            }
        }
        if (whole < p1) {
            int o = whole * P;
            float[] buffer = Lanes.buffer();
            for (int r = r0; r < r1; r++) {
                matvec1(q, r * qStride, qs[r], w, whole * panel, pairs, ws, o, buffer, 0);
                PanelBuffer.copy(buffer, 1, out - o, y, yOff + r * out + o, out);
            }
        }
        PanelBuffer.addBias(bias, r0, r1, p0, p1, out, y, yOff);
    }

    /** One row, four whole panels: four weight streams in flight, eight accumulators. */
    private static void matvec4(short[] q, int q0, float qs, MemorySegment w, long wb, long stride, int pairs,
                                float[] ws, int o, float[] y, int y0) {
        IntVector a0 = IntVector.zero(I);
        IntVector b0 = a0;
        IntVector a1 = a0;
        IntVector b1 = a0;
        IntVector a2 = a0;
        IntVector b2 = a0;
        IntVector a3 = a0;
        IntVector b3 = a0;
        long wi = wb;
        for (int j = 0; j < pairs; j++, wi += PAIR) {
            ShortVector u = ShortVector.broadcast(S, q[q0 + 2 * j]);
            ShortVector v = ShortVector.broadcast(S, q[q0 + 2 * j + 1]);
            ShortVector t = ShortVector.fromMemorySegment(S, w, wi, ORDER);
            IntVector s = (IntVector) t.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8).mul(u)
                    .add(t.lanewise(VectorOperators.ASHR, 8).mul(v)).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a0 = a0.add(s);
            b0 = b0.add(s.lanewise(VectorOperators.ASHR, 16));
            t = ShortVector.fromMemorySegment(S, w, wi + stride, ORDER);
            s = (IntVector) t.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8).mul(u)
                    .add(t.lanewise(VectorOperators.ASHR, 8).mul(v)).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a1 = a1.add(s);
            b1 = b1.add(s.lanewise(VectorOperators.ASHR, 16));
            t = ShortVector.fromMemorySegment(S, w, wi + 2 * stride, ORDER);
            s = (IntVector) t.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8).mul(u)
                    .add(t.lanewise(VectorOperators.ASHR, 8).mul(v)).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a2 = a2.add(s);
            b2 = b2.add(s.lanewise(VectorOperators.ASHR, 16));
            t = ShortVector.fromMemorySegment(S, w, wi + 3 * stride, ORDER);
            s = (IntVector) t.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8).mul(u)
                    .add(t.lanewise(VectorOperators.ASHR, 8).mul(v)).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a3 = a3.add(s);
            b3 = b3.add(s.lanewise(VectorOperators.ASHR, 16));
        }
        int offset = LOW_OFFSET * pairs;
        FloatVector sa = FloatVector.fromArray(F, ws, o).mul(qs);
        ((FloatVector) a0.sub(b0.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0);
        sa = FloatVector.fromArray(F, ws, o + L).mul(qs);
        ((FloatVector) b0.convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + L);
        sa = FloatVector.fromArray(F, ws, o + P).mul(qs);
        ((FloatVector) a1.sub(b1.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + P);
        sa = FloatVector.fromArray(F, ws, o + P + L).mul(qs);
        ((FloatVector) b1.convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + P + L);
        sa = FloatVector.fromArray(F, ws, o + 2 * P).mul(qs);
        ((FloatVector) a2.sub(b2.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + 2 * P);
        sa = FloatVector.fromArray(F, ws, o + 2 * P + L).mul(qs);
        ((FloatVector) b2.convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + 2 * P + L);
        sa = FloatVector.fromArray(F, ws, o + 3 * P).mul(qs);
        ((FloatVector) a3.sub(b3.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + 3 * P);
        sa = FloatVector.fromArray(F, ws, o + 3 * P + L).mul(qs);
        ((FloatVector) b3.convertShape(VectorOperators.I2F, F, 0)).mul(sa).intoArray(y, y0 + 3 * P + L);
    }

    /** One row, one panel. */
    private static void matvec1(short[] q, int q0, float qs, MemorySegment w, long wb, int pairs, float[] ws, int o,
                                float[] y, int y0) {
        IntVector a = IntVector.zero(I);
        IntVector b = a;
        long wi = wb;
        for (int j = 0; j < pairs; j++, wi += PAIR) {
            ShortVector t = ShortVector.fromMemorySegment(S, w, wi, ORDER);
            IntVector s = (IntVector) t.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8)
                    .mul(q[q0 + 2 * j]).add(t.lanewise(VectorOperators.ASHR, 8).mul(q[q0 + 2 * j + 1]))
                    .reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a = a.add(s);
            b = b.add(s.lanewise(VectorOperators.ASHR, 16));
        }
        int offset = LOW_OFFSET * pairs;
        ((FloatVector) a.sub(b.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(FloatVector.fromArray(F, ws, o).mul(qs))
                .intoArray(y, y0);
        ((FloatVector) b.convertShape(VectorOperators.I2F, F, 0)).mul(FloatVector.fromArray(F, ws, o + L).mul(qs))
                .intoArray(y, y0 + L);
    }

    /** Four rows ({@code qStride} apart in {@code q}, scales from {@code scales[r]}), one panel. */
    private static void tile4(short[] q, int q0, int qStride, float[] scales, int r, MemorySegment w, long wb,
                              int pairs, float[] ws, int o, float[] y, int y0, int ys) {
        IntVector a0 = IntVector.zero(I);
        IntVector b0 = a0;
        IntVector a1 = a0;
        IntVector b1 = a0;
        IntVector a2 = a0;
        IntVector b2 = a0;
        IntVector a3 = a0;
        IntVector b3 = a0;
        long wi = wb;
        for (int j = 0; j < pairs; j++, wi += PAIR) {
            ShortVector t = ShortVector.fromMemorySegment(S, w, wi, ORDER);
            ShortVector even = t.lanewise(VectorOperators.LSHL, 8).lanewise(VectorOperators.ASHR, 8);
            ShortVector odd = t.lanewise(VectorOperators.ASHR, 8);
            int qi = q0 + 2 * j;
            IntVector s = (IntVector) even.mul(q[qi]).add(odd.mul(q[qi + 1])).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a0 = a0.add(s);
            b0 = b0.add(s.lanewise(VectorOperators.ASHR, 16));
            qi += qStride;
            s = (IntVector) even.mul(q[qi]).add(odd.mul(q[qi + 1])).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a1 = a1.add(s);
            b1 = b1.add(s.lanewise(VectorOperators.ASHR, 16));
            qi += qStride;
            s = (IntVector) even.mul(q[qi]).add(odd.mul(q[qi + 1])).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a2 = a2.add(s);
            b2 = b2.add(s.lanewise(VectorOperators.ASHR, 16));
            qi += qStride;
            s = (IntVector) even.mul(q[qi]).add(odd.mul(q[qi + 1])).reinterpretShape(I, 0);
            s = s.lanewise(VectorOperators.XOR, LOW_OFFSET);
            a3 = a3.add(s);
            b3 = b3.add(s.lanewise(VectorOperators.ASHR, 16));
        }
        int offset = LOW_OFFSET * pairs;
        FloatVector low = FloatVector.fromArray(F, ws, o);
        FloatVector high = FloatVector.fromArray(F, ws, o + L);
        ((FloatVector) a0.sub(b0.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(low.mul(scales[r])).intoArray(y, y0);
        ((FloatVector) b0.convertShape(VectorOperators.I2F, F, 0)).mul(high.mul(scales[r])).intoArray(y, y0 + L);
        ((FloatVector) a1.sub(b1.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(low.mul(scales[r + 1])).intoArray(y, y0 + ys);
        ((FloatVector) b1.convertShape(VectorOperators.I2F, F, 0)).mul(high.mul(scales[r + 1]))
                .intoArray(y, y0 + ys + L);
        ((FloatVector) a2.sub(b2.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(low.mul(scales[r + 2]))
                .intoArray(y, y0 + 2 * ys);
        ((FloatVector) b2.convertShape(VectorOperators.I2F, F, 0)).mul(high.mul(scales[r + 2]))
                .intoArray(y, y0 + 2 * ys + L);
        ((FloatVector) a3.sub(b3.lanewise(VectorOperators.LSHL, 16)).sub(offset)
                .convertShape(VectorOperators.I2F, F, 0)).mul(low.mul(scales[r + 3]))
                .intoArray(y, y0 + 3 * ys);
        ((FloatVector) b3.convertShape(VectorOperators.I2F, F, 0)).mul(high.mul(scales[r + 3]))
                .intoArray(y, y0 + 3 * ys + L);
    }
}
