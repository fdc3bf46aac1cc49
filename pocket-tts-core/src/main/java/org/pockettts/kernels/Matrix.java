package org.pockettts.kernels;

import java.util.Arrays;

/**
 * A weight matrix of {@code rows × cols} values, row-major: the layout of a PyTorch {@code Linear}
 * weight [out, in]. Kernels multiply activations by its transpose, one output per row.
 *
 * <p>Values are stored as float32, or as bfloat16 when the weights are bfloat16 to begin with (as
 * in the model files): widening bfloat16 to float32 is exact, so both compute the same numbers, and
 * the bfloat16 form halves the memory traffic of matrix-vector products, which are limited by it.
 * Bfloat16 values are kept in pairs, one {@code int} holding columns {@code 2j} (low half) and
 * {@code 2j+1} (high half), so that one integer vector load yields two float vectors with a shift
 * and a mask.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final float[] data;
    private final int[] pairs;

    public Matrix(int rows, int cols, float[] data) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " cannot hold " + data.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.pairs = null;
    }

    private Matrix(int rows, int cols, int[] pairs) {
        this.rows = rows;
        this.cols = cols;
        this.data = null;
        this.pairs = pairs;
    }

    /** Whether a matrix with this many columns can be stored as bfloat16 pairs. */
    public static boolean canPackBf16(int cols) {
        return cols % 2 == 0;
    }

    /** A bfloat16 matrix from the raw bits of its values, row-major. */
    public static Matrix ofBf16(int rows, int cols, short[] bits) {
        if ((long) rows * cols != bits.length || !canPackBf16(cols)) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " cannot hold " + bits.length
                    + " bfloat16 values in pairs");
        }
        int[] pairs = new int[bits.length / 2];
        for (int j = 0; j < pairs.length; j++) {
            pairs[j] = (bits[2 * j] & 0xFFFF) | (bits[2 * j + 1] << 16);
        }
        return new Matrix(rows, cols, pairs);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Whether the values are stored as bfloat16. */
    public boolean isBf16() {
        return pairs != null;
    }

    /** The float32 values, row-major; kernels read them directly. Not available for bfloat16 storage. */
    public float[] data() {
        if (data == null) {
            throw new IllegalStateException("a bfloat16 matrix has no float32 array");
        }
        return data;
    }

    /** The bfloat16 pairs ({@code rows × cols/2}), or null for float32 storage. */
    int[] pairs() {
        return pairs;
    }

    /** Value at ({@code r}, {@code c}). */
    public float get(int r, int c) {
        if (data != null) {
            return data[r * cols + c];
        }
        int pair = pairs[(r * cols + c) >> 1];
        return Float.intBitsToFloat((c & 1) == 0 ? pair << 16 : pair & 0xFFFF0000);
    }

    /** Copies row {@code r} as float32 into {@code dst[off …]}. */
    public void copyRow(int r, float[] dst, int off) {
        if (data != null) {
            System.arraycopy(data, r * cols, dst, off, cols);
            return;
        }
        int base = r * cols / 2;
        for (int j = 0; j < cols / 2; j++) {
            int pair = pairs[base + j];
            dst[off + 2 * j] = Float.intBitsToFloat(pair << 16);
            dst[off + 2 * j + 1] = Float.intBitsToFloat(pair & 0xFFFF0000);
        }
    }

    /** Bytes held by the values. */
    public long sizeInBytes() {
        return data != null ? 4L * data.length : 4L * pairs.length;
    }

    /** A float32 copy holding rows {@code [from, to)}. */
    public Matrix rowRange(int from, int to) {
        if (data != null) {
            return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
        }
        float[] out = new float[(to - from) * cols];
        for (int r = from; r < to; r++) {
            copyRow(r, out, (r - from) * cols);
        }
        return new Matrix(to - from, cols, out);
    }
}
