package org.pockettts.nn;

import org.pockettts.kernels.Norms;

/** LayerNorm over the last dimension, optionally with a learned scale and shift. */
public final class LayerNorm {

    private final int dim;
    private final float[] weight;
    private final float[] bias;
    private final float eps;

    public LayerNorm(int dim, float[] weight, float[] bias, float eps) {
        this.dim = dim;
        this.weight = weight;
        this.bias = bias;
        this.eps = eps;
    }

    /** Loads {@code <name>.weight} and {@code <name>.bias}. */
    public static LayerNorm load(Weights w, String name, int dim, float eps) {
        Weights s = w.scope(name);
        return new LayerNorm(dim, s.vector("weight", dim), s.vector("bias", dim), eps);
    }

    public void forward(float[] x, int xOff, float[] y, int yOff, int rows) {
        Norms.layerNorm(x, xOff, y, yOff, rows, dim, weight, bias, eps);
    }
}
