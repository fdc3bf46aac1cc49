package org.pockettts.kernels;

/** Normalisations over the last dimension of row-major activations. */
public final class Norms {

    private Norms() {
    }

    /**
     * LayerNorm of each of {@code rows} rows of {@code dim} values, from {@code x} into {@code y}
     * (may be the same array): {@code (x − mean)/sqrt(var + eps)·weight + bias} with the biased
     * variance. {@code weight} and {@code bias} may be null (no affine part).
     */
    public static void layerNorm(float[] x, int xOff, float[] y, int yOff, int rows, int dim,
                                 float[] weight, float[] bias, float eps) {
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * dim;
            int yo = yOff + r * dim;
            double mean = mean(x, xo, dim);
            double var = squaredDeviations(x, xo, dim, mean) / dim;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            float m = (float) mean;
            for (int i = 0; i < dim; i++) {
                float v = (x[xo + i] - m) * inv;
                if (weight != null) {
                    v = v * weight[i] + bias[i];
                }
                y[yo + i] = v;
            }
        }
    }

    /**
     * The flow network's "RMSNorm", which is really a scale by the standard deviation: each row is
     * multiplied by {@code alpha / sqrt(eps + var)} with the unbiased variance (n − 1), the mean
     * not subtracted.
     */
    public static void varianceScale(float[] x, int off, int rows, int dim, float[] alpha, float eps) {
        for (int r = 0; r < rows; r++) {
            int o = off + r * dim;
            double var = squaredDeviations(x, o, dim, mean(x, o, dim)) / (dim - 1);
            float inv = (float) (1.0 / Math.sqrt(eps + var));
            for (int i = 0; i < dim; i++) {
                x[o + i] = x[o + i] * (alpha[i] * inv);
            }
        }
    }

    private static double mean(float[] x, int off, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[off + i];
        }
        return sum / n;
    }

    private static double squaredDeviations(float[] x, int off, int n, double mean) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            sum += d * d;
        }
        return sum;
    }
}
