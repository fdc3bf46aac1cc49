package org.pockettts.kernels;

/**
 * The int8 recipe and layout, in one place for the weights (quantized at load), the activations
 * (quantized at run time) and both kernels: symmetric quantization of one row at a time, one scale
 * per row — per output channel for a weight, per token for an activation. A row with largest
 * magnitude {@code m} gets the scale {@code m/127} and the values {@code q = rint(x·(127/m))},
 * clamped to ±127 (an all-zero row gets scale 0 and zeros). A product then sums {@code q_x·q_w}
 * exactly in int32 and scales the sum once: {@code y = float(Σ q_x·q_w)·(s_w·s_x) + bias}.
 *
 * <p>Why symmetric signed int8 for the activations, rather than unsigned with a zero point: the
 * instructions that multiply bytes directly (VNNI {@code vpdpbusd}, {@code pmaddubsw}, NEON
 * {@code sdot}) are out of the Vector API's reach, so its kernels widen bytes to 16-bit lanes and
 * multiply there. With both operands in ±127, two products add up to at most 32258 and still fit a
 * 16-bit lane, so columns go in pairs before each widening to int32; an unsigned activation (up to
 * 255) would overflow that sum and need a zero-point correction on top. The range gives up −128,
 * a 0.4% coarser step.
 *
 * <p>The layout lets a kernel do all of this with shifts rather than lane conversions (which x86
 * runs on its one or two shuffle ports): a {@link Matrix} panel stores its columns in pairs,
 * one 16-bit value per row holding the row's two bytes (column {@code 2j} low, {@code 2j + 1}
 * high), so one full vector load of 16-bit lanes brings both columns, and a left then an
 * arithmetic right shift by 8 (or the right shift alone) widens either. The rows go in the lanes
 * in the order {@code 0, L, 1, L + 1, …} ({@code L = PANEL/2}), so that read as 32-bit lanes, the
 * low halves of the products hold rows {@code 0 … L−1} and the high halves rows {@code L … 2L−1},
 * again separated by shifts. An odd last column is paired with a zero column, and the activations
 * with a zero value.
 */
final class Int8 {

    /** The largest quantized magnitude. */
    static final int MAX = 127;

    private Int8() {
    }

    /** Column pairs of a row of {@code cols} values. */
    static int pairs(int cols) {
        return (cols + 1) / 2;
    }

    /** The 16-bit lane of panel row {@code k} (of {@code panel} rows) in a column pair. */
    static int lane(int k, int panel) {
        int half = panel / 2;
        return k < half ? 2 * k : 2 * (k - half) + 1;
    }

    /** One row's two bytes of a column pair as a 16-bit value: {@code even} low, {@code odd} high. */
    static short pair(int even, int odd) {
        return (short) (odd << 8 | even & 0xFF);
    }

    /** The scale of a row whose largest magnitude is {@code amax}. */
    static float scale(float amax) {
        return amax / MAX;
    }

    /** The factor that maps a row whose largest magnitude is {@code amax} onto ±127. */
    static float inverse(float amax) {
        return amax == 0 ? 0f : MAX / amax;
    }

    /** One value quantized with the row's {@link #inverse}: round half to even, then clamp. */
    static int quantize(float x, float inverse) {
        return (int) Math.max(-MAX, Math.min(MAX, Math.rint(x * inverse)));
    }

    /** The largest magnitude of {@code x[off … off+n)}. */
    static float amax(float[] x, int off, int n) {
        float m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(x[off + i]));
        }
        return m;
    }

    /**
     * Quantizes {@code rows} rows of {@code cols} values, {@code xStride} apart from {@code x[xOff]},
     * into {@code q} (rows of {@code 2·pairs(cols)} values, an odd row ending with a zero) and their
     * scales into {@code scales}: the activations of an int8 product.
     */
    static void quantizeRows(float[] x, int xOff, int xStride, int rows, int cols, short[] q, float[] scales) {
        int stride = 2 * pairs(cols);
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * xStride;
            float amax = amax(x, xr, cols);
            float inverse = inverse(amax);
            scales[r] = scale(amax);
            for (int c = 0; c < cols; c++) {
                q[r * stride + c] = (short) quantize(x[xr + c], inverse);
            }
            if (cols < stride) {
                q[r * stride + cols] = 0;
            }
        }
    }
}
