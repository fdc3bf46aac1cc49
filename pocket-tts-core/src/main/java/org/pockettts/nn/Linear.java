package org.pockettts.nn;

import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;

/** A linear layer {@code y = x·Wᵀ + b}, applied to each row of a [rows, in] block. */
public final class Linear {

    private static final Kernels K = Kernels.get();

    private final Matrix weight;
    private final float[] bias;

    public Linear(Matrix weight, float[] bias) {
        if (bias != null && bias.length != weight.rows()) {
            throw new IllegalArgumentException("bias size " + bias.length + " != " + weight.rows());
        }
        this.weight = weight;
        this.bias = bias;
    }

    /**
     * Loads {@code <name>.weight} [out, in], kept in {@code format}, and, when {@code hasBias},
     * {@code <name>.bias} [out].
     */
    public static Linear load(Weights w, String name, int in, int out, boolean hasBias, WeightFormat format) {
        Weights s = w.scope(name);
        return new Linear(s.matrix("weight", out, in, format), hasBias ? s.vector("bias", out) : null);
    }

    public int in() {
        return weight.cols();
    }

    public int out() {
        return weight.rows();
    }

    /** {@code rows} rows of {@code in} values at {@code x[xOff]} to rows of {@code out} values at {@code y[yOff]}. */
    public void forward(float[] x, int xOff, int rows, float[] y, int yOff) {
        K.matmul(x, xOff, weight.cols(), rows, weight, bias, y, yOff);
    }

    /** One row. */
    public float[] forward(float[] x) {
        float[] y = new float[weight.rows()];
        forward(x, 0, 1, y, 0);
        return y;
    }
}
