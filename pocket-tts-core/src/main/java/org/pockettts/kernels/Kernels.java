package org.pockettts.kernels;

/**
 * The numeric kernels every network of the engine runs on. There are two implementations: one on
 * the Vector API at the machine's {@link VectorWidth}, used when the JVM has it, and a portable
 * scalar one that serves as fallback and as the reference in tests. Products, attention scores and
 * weighted sums compute the same chains of fused multiply-adds in both, hence the same bits.
 */
public interface Kernels {

    /**
     * Multiplies {@code rows} activation rows by the transpose of {@code w}:
     * {@code y[yOff + r*w.rows() + o] = bias[o] + Σ_i x[xOff + r*xStride + i] · w[o, i]}.
     * {@code xStride} may be smaller than {@code w.cols()}: overlapping rows are how convolutions
     * run without copying their input windows. With {@linkplain Matrix.Storage#INT8 int8} weights
     * the activation rows are first quantized, each with its own scale, as {@link Matrix} says.
     *
     * @param bias per-output bias, or null
     */
    void matmul(float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y, int yOff);

    /** {@code Σ a[aOff+i]·b[bOff+i]} for {@code i < n}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff+i] += alpha·x[xOff+i]} for {@code i < n}, each a fused multiply-add. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** Slots per key block in the layout {@link #scores} reads: two vectors of the {@link VectorWidth}. */
    int KEY_BLOCK = VectorWidth.BLOCK;

    /**
     * Attention scores of one query against the keys of slots {@code first … first+n−1} of one
     * head. Keys are stored in blocks of {@link #KEY_BLOCK} slots starting at {@code keys[base]},
     * each block holding, for every dimension d, its slots' values side by side: slot s, dimension
     * d is at {@code base + ((s / KEY_BLOCK)·dim + d)·KEY_BLOCK + s % KEY_BLOCK}.
     * {@code out[outOff + j] = scale · Σ_d q[qOff + d]·key(first + j, d)}, summed over d in order
     * with fused multiply-adds.
     */
    default void scores(float[] q, int qOff, float[] keys, int base, int first, int n, int dim, float scale,
                        float[] out, int outOff) {
        for (int j = 0; j < n; j++) {
            int s = first + j;
            int k = base + (s / KEY_BLOCK) * dim * KEY_BLOCK + s % KEY_BLOCK;
            float acc = 0;
            for (int d = 0; d < dim; d++) {
                acc = Math.fma(q[qOff + d], keys[k + d * KEY_BLOCK], acc);
            }
            out[outOff + j] = acc * scale;
        }
    }

    /**
     * Attention output: {@code out[oOff + d] += Σ_j p[pOff + j]·values[vOff + j·stride + d]}, the
     * terms added in the order of j with fused multiply-adds.
     */
    default void weightedSum(float[] p, int pOff, float[] values, int vOff, int stride, int n, int dim, float[] out,
                             int oOff) {
        for (int j = 0; j < n; j++) {
            axpy(p[pOff + j], values, vOff + j * stride, out, oOff, dim);
        }
    }

    /**
     * The implementation for this JVM: Vector API when available, unless {@code -Dpockettts.kernels=scalar};
     * see {@link VectorWidth} for the width.
     */
    static Kernels get() {
        return KernelsHolder.INSTANCE;
    }
}
