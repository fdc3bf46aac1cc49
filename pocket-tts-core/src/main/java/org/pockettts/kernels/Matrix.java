package org.pockettts.kernels;

import java.util.Arrays;

/**
 * A weight matrix of {@code rows × cols} float32 values, row-major: the layout of a PyTorch
 * {@code Linear} weight [out, in]. Kernels multiply activations by its transpose, one output per row.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final float[] data;

    public Matrix(int rows, int cols, float[] data) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " cannot hold " + data.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The values, row-major; kernels read them directly. */
    public float[] data() {
        return data;
    }

    /** Value at ({@code r}, {@code c}). */
    public float get(int r, int c) {
        return data[r * cols + c];
    }

    /** A copy holding rows {@code [from, to)}. */
    public Matrix rowRange(int from, int to) {
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }
}
