package org.pockettts.flowlm;

import org.pockettts.safetensors.SafeTensors;

/**
 * A second implementation of the flow network and its samplers, in double precision, straight from
 * the weights file and the description of the fixture READMEs: the time embeddings of the sampler's
 * time conditions averaged into the conditioning, adaptive-LayerNorm residual blocks, and the
 * sampler loops (LSD {@code x += v(i/n, (i+1)/n, x)/n}, flow matching {@code x += v(i/n, x)/n},
 * drifting {@code x = v(x)}).
 */
final class FlowNetOracle {

    private static final String P = "flow_lm.flow_net.";
    private final SafeTensors w;
    private final int depth;

    FlowNetOracle(SafeTensors weights, int depth) {
        this.w = weights;
        this.depth = depth;
    }

    double[] lsd(float[] h, float[] noise, int n) {
        double[] x = toDouble(noise);
        for (int i = 0; i < n; i++) {
            double[] v = velocity(h, x, (float) ((double) i / n), (float) ((double) (i + 1) / n));
            for (int j = 0; j < x.length; j++) {
                x[j] += v[j] / n;
            }
        }
        return x;
    }

    double[] flowMatching(float[] h, float[] noise, int n) {
        double[] x = toDouble(noise);
        for (int i = 0; i < n; i++) {
            double[] v = velocity(h, x, (float) ((double) i / n));
            for (int j = 0; j < x.length; j++) {
                x[j] += v[j] / n;
            }
        }
        return x;
    }

    double[] drifting(float[] h, float[] noise) {
        return velocity(h, toDouble(noise));
    }

    /** The network's output at {@code x} with the given time conditions. */
    private double[] velocity(float[] h, double[] x, float... times) {
        double[] y = linear("cond_embed", toDouble(h));
        for (int k = 0; k < times.length; k++) {
            double[] e = timeEmbedding(k, times[k]);
            for (int i = 0; i < y.length; i++) {
                y[i] += e[i] / times.length;
            }
        }
        double[] s = silu(y);
        double[] a = linear("input_proj", x);
        int dim = a.length;
        for (int b = 0; b < depth; b++) {
            String r = "res_blocks." + b + ".";
            double[] mod = linear(r + "adaLN_modulation.1", s);
            double[] u = layerNorm(a, floats(r + "in_ln.weight"), floats(r + "in_ln.bias"));
            for (int i = 0; i < dim; i++) {
                u[i] = u[i] * (1 + mod[dim + i]) + mod[i];
            }
            double[] out = linear(r + "mlp.2", silu(linear(r + "mlp.0", u)));
            for (int i = 0; i < dim; i++) {
                a[i] += mod[2 * dim + i] * out[i];
            }
        }
        double[] mod = linear("final_layer.adaLN_modulation.1", s);
        double[] n = layerNorm(a, null, null);
        for (int i = 0; i < dim; i++) {
            n[i] = n[i] * (1 + mod[dim + i]) + mod[i];
        }
        return linear("final_layer.linear", n);
    }

    private double[] timeEmbedding(int k, float tau) {
        String t = "time_embed." + k + ".";
        float[] freqs = floats(t + "freqs");
        double[] e = new double[2 * freqs.length];
        for (int j = 0; j < freqs.length; j++) {
            double arg = (float) (tau * freqs[j]);
            e[j] = Math.cos(arg);
            e[freqs.length + j] = Math.sin(arg);
        }
        double[] out = linear(t + "mlp.2", silu(linear(t + "mlp.0", e)));
        // The unbiased variance, the mean not subtracted from the values.
        double var = squaredDeviations(out) / (out.length - 1);
        float[] alpha = floats(t + "mlp.3.alpha");
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] * alpha[i] / Math.sqrt(1e-5 + var);
        }
        return out;
    }

    private double[] linear(String name, double[] x) {
        float[] weight = floats(name + ".weight");
        float[] bias = w.contains(P + name + ".bias") ? floats(name + ".bias") : null;
        int out = weight.length / x.length;
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int i = 0; i < x.length; i++) {
                sum += (double) weight[o * x.length + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    private static double[] layerNorm(double[] x, float[] weight, float[] bias) {
        double mean = mean(x);
        double var = squaredDeviations(x) / x.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - mean) / Math.sqrt(var + 1e-6);
            if (weight != null) {
                y[i] = y[i] * weight[i] + bias[i];
            }
        }
        return y;
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        return sum / x.length;
    }

    private static double squaredDeviations(double[] x) {
        double mean = mean(x);
        double sum = 0;
        for (double v : x) {
            sum += (v - mean) * (v - mean);
        }
        return sum;
    }

    private static double[] silu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] / (1 + Math.exp(-x[i]));
        }
        return y;
    }

    private float[] floats(String name) {
        return w.floats(P + name);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
