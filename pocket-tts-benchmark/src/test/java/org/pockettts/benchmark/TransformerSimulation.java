package org.pockettts.benchmark;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.pockettts.api.TensorSource;
import org.pockettts.config.ModelConfig;
import org.pockettts.kernels.Activations;
import org.pockettts.nn.LayerNorm;
import org.pockettts.nn.Linear;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * FlowLM's transformer written out a second time, in float, to compare int8 recipes on the same
 * weights: pre-norm layers of causal multi-head attention with interleaved rotary positions and an
 * exact-GELU feed-forward, run call by call over one stream as the engine's transformer is. Before
 * each of the four products of a layer (attention in and out, feed-forward in and out) the weights
 * and the input rows are quantized and dequantized again as a {@link Recipe} says, so a product sees
 * exactly the values an int8 kernel multiplies, less the float rounding of the sum.
 *
 * <p>The products run on the engine's float kernels ({@link Linear}); the attention is computed here,
 * in double. The weights are packed as float32 into an arena of their own, freed by {@link #close}.
 */
final class TransformerSimulation implements AutoCloseable {

    /** How a weight matrix is quantized. */
    enum WeightRecipe {
        FLOAT,
        /** Ours: symmetric, one scale per output channel, {@code amax/127}, values in ±127. */
        PER_CHANNEL,
        /**
         * Torch's {@code quantize_dynamic} (the reference's int8): symmetric qint8 with one scale per
         * tensor, {@code amax/127.5} (its min/max observer halves the range −128…127), values in
         * −128…127.
         */
        PER_TENSOR
    }

    /** How the input rows of a product are quantized, each time it runs. */
    enum ActivationRecipe {
        FLOAT,
        /** Ours: symmetric, one scale per row (token), {@code amax/127}, values in ±127. */
        PER_TOKEN,
        /**
         * Torch's {@code quantized::linear_dynamic} with {@code reduce_range}: unsigned, one scale and
         * zero point for all the rows of one call, over {@code [min(x, 0), max(x, 0)]} in 0…127.
         */
        PER_CALL_7BIT
    }

    /** A recipe: what happens to the weights and to the activations. */
    record Recipe(String name, WeightRecipe weights, ActivationRecipe activations) {
    }

    private final int dim;
    private final int heads;
    private final Recipe recipe;
    private final float[] freqs;
    private final Arena arena = Arena.ofShared();
    private final List<Layer> layers = new ArrayList<>();
    private int length;

    /** One layer's norms and products, and its stream's keys and values [positions, dim] (rotated keys). */
    private record Layer(LayerNorm norm1, Linear inProj, Linear outProj, LayerNorm norm2, Linear linear1,
                         Linear linear2, float[] keys, float[] values) {
    }

    /**
     * The transformer under {@code prefix} ({@code flow_lm.transformer}) of {@code source}, its weights
     * quantized as {@code recipe} says, with room for {@code positions} positions.
     */
    TransformerSimulation(TensorSource source, String prefix, ModelConfig.Transformer config, Recipe recipe,
                          int positions) {
        this.dim = config.dModel();
        this.heads = config.numHeads();
        this.recipe = recipe;
        int hidden = dim * config.hiddenScale();
        Weights all = new Weights(quantizedWeights(source, recipe.weights()), arena).scope(prefix);
        for (int l = 0; l < config.numLayers(); l++) {
            Weights w = all.scope("layers." + l);
            layers.add(new Layer(LayerNorm.load(w, "norm1", dim, 1e-5f),
                    Linear.load(w, "self_attn.in_proj", dim, 3 * dim, false, WeightFormat.FLOAT32),
                    Linear.load(w, "self_attn.out_proj", dim, dim, false, WeightFormat.FLOAT32),
                    LayerNorm.load(w, "norm2", dim, 1e-5f),
                    Linear.load(w, "linear1", dim, hidden, false, WeightFormat.FLOAT32),
                    Linear.load(w, "linear2", hidden, dim, false, WeightFormat.FLOAT32),
                    new float[positions * dim], new float[positions * dim]));
        }
        int headDim = dim / heads;
        this.freqs = new float[headDim / 2];
        float scale = (float) (-Math.log(config.maxPeriod()) * 2 / headDim);
        for (int i = 0; i < freqs.length; i++) {
            freqs[i] = (float) Math.exp((float) i * scale);
        }
    }

    /**
     * Runs one call of {@code rows} new positions ({@code x}: [rows, dim], in place) through every
     * layer, each row attending to itself and every position before it; a per-call activation scale
     * spans the call.
     */
    void forward(float[] x, int rows) {
        float[] h = new float[rows * dim];
        float[] qkv = new float[rows * 3 * dim];
        float[] attended = new float[rows * dim];
        float[] update = new float[rows * dim];
        for (Layer layer : layers) {
            layer.norm1().forward(x, 0, h, 0, rows);
            product(layer.inProj(), h, rows, qkv);
            attend(layer, qkv, rows, attended);
            product(layer.outProj(), attended, rows, update);
            add(x, update);
            layer.norm2().forward(x, 0, h, 0, rows);
            float[] ff = new float[rows * layer.linear1().out()];
            product(layer.linear1(), h, rows, ff);
            Activations.geluExact(ff, 0, ff.length);
            product(layer.linear2(), ff, rows, update);
            add(x, update);
        }
        length += rows;
    }

    @Override
    public void close() {
        arena.close();
    }

    private void product(Linear linear, float[] x, int rows, float[] y) {
        float[] q = new float[rows * linear.in()];
        quantizeActivations(x, rows, linear.in(), recipe.activations(), q);
        linear.forward(q, 0, rows, y, 0);
    }

    /** Causal attention of the call's rows over the stream, the rotary embedding applied to queries and keys. */
    private void attend(Layer layer, float[] qkv, int rows, float[] out) {
        int headDim = dim / heads;
        for (int t = 0; t < rows; t++) {
            rotate(qkv, t * 3 * dim, length + t);
            rotate(qkv, t * 3 * dim + dim, length + t);
            System.arraycopy(qkv, t * 3 * dim + dim, layer.keys(), (length + t) * dim, dim);
            System.arraycopy(qkv, t * 3 * dim + 2 * dim, layer.values(), (length + t) * dim, dim);
        }
        float scale = (float) (1.0 / Math.sqrt(headDim));
        double[] p = new double[length + rows];
        for (int t = 0; t < rows; t++) {
            int last = length + t;
            for (int hd = 0; hd < heads; hd++) {
                int qo = t * 3 * dim + hd * headDim;
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= last; s++) {
                    double dot = 0;
                    for (int d = 0; d < headDim; d++) {
                        dot += qkv[qo + d] * layer.keys()[s * dim + hd * headDim + d];
                    }
                    p[s] = dot * scale;
                    max = Math.max(max, p[s]);
                }
                double sum = 0;
                for (int s = 0; s <= last; s++) {
                    p[s] = Math.exp(p[s] - max);
                    sum += p[s];
                }
                for (int d = 0; d < headDim; d++) {
                    double acc = 0;
                    for (int s = 0; s <= last; s++) {
                        acc += p[s] * layer.values()[s * dim + hd * headDim + d];
                    }
                    out[t * dim + hd * headDim + d] = (float) (acc / sum);
                }
            }
        }
    }

    /** Interleaved pairs of each head rotated by {@code position·f_i}, in float32 as the reference. */
    private void rotate(float[] x, int off, int position) {
        int headDim = dim / heads;
        for (int i = 0; i < freqs.length; i++) {
            float angle = freqs[i] * position;
            float c = (float) Math.cos(angle);
            float s = (float) Math.sin(angle);
            for (int hd = 0; hd < heads; hd++) {
                int j = off + hd * headDim + 2 * i;
                float re = x[j];
                float im = x[j + 1];
                x[j] = re * c - im * s;
                x[j + 1] = re * s + im * c;
            }
        }
    }

    private static void add(float[] x, float[] update) {
        for (int i = 0; i < x.length; i++) {
            x[i] += update[i];
        }
    }

    /** {@code x} ([rows, cols]) quantized and dequantized into {@code out}. */
    private static void quantizeActivations(float[] x, int rows, int cols, ActivationRecipe recipe, float[] out) {
        switch (recipe) {
            case FLOAT -> System.arraycopy(x, 0, out, 0, rows * cols);
            case PER_TOKEN -> {
                for (int r = 0; r < rows; r++) {
                    symmetric(x, r * cols, cols, 127f, 127, out);
                }
            }
            case PER_CALL_7BIT -> asymmetric7Bit(x, 0, rows * cols, out);
        }
    }

    /**
     * {@code x[off … off+n)} on a symmetric grid of step {@code amax/divisor}, clamped to
     * {@code −low … 127}.
     */
    private static void symmetric(float[] x, int off, int n, float divisor, int low, float[] out) {
        float amax = 0;
        for (int i = 0; i < n; i++) {
            amax = Math.max(amax, Math.abs(x[off + i]));
        }
        float step = amax / divisor;
        for (int i = 0; i < n; i++) {
            double q = Math.max(-low, Math.min(127, Math.rint(x[off + i] / step)));
            out[off + i] = step == 0 ? 0f : (float) (q * step);
        }
    }

    /** {@code x[off … off+n)} on torch's reduced-range unsigned grid: 0…127 with a zero point. */
    private static void asymmetric7Bit(float[] x, int off, int n, float[] out) {
        float min = 0;
        float max = 0;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, x[off + i]);
            max = Math.max(max, x[off + i]);
        }
        double scale = ((double) max - min) / 127;
        if (scale == 0) {
            System.arraycopy(x, off, out, off, n);
            return;
        }
        double zero = Math.max(0, Math.min(127, Math.rint(-min / scale)));
        for (int i = 0; i < n; i++) {
            double qv = Math.max(0, Math.min(127, Math.rint(x[off + i] / scale) + zero));
            out[off + i] = (float) ((qv - zero) * scale);
        }
    }

    /**
     * {@code source} with the four product weights of each layer of FlowLM's transformer quantized and
     * dequantized as {@code recipe} says: what {@code --quantize} quantizes, Mimi's transformers apart.
     */
    private static TensorSource quantizedWeights(TensorSource source, WeightRecipe recipe) {
        return new Quantized(source, recipe);
    }

    private record Quantized(TensorSource weights, WeightRecipe recipe) implements TensorSource {
        private static final Set<String> PRODUCTS = Set.of("in_proj.weight", "out_proj.weight", "linear1.weight",
                "linear2.weight");

        @Override
        public String source() {
            return weights.source() + ", " + recipe;
        }

        @Override
        public boolean contains(String name) {
            return weights.contains(name);
        }

        @Override
        public Set<String> names() {
            return weights.names();
        }

        @Override
        public float[] floats(String name, long... shape) {
            float[] w = weights.floats(name, shape);
            if (recipe == WeightRecipe.FLOAT || !name.startsWith("flow_lm.transformer.")
                    || PRODUCTS.stream().noneMatch(name::endsWith)) {
                return w;
            }
            float[] out = new float[w.length];
            if (recipe == WeightRecipe.PER_TENSOR) {
                symmetric(w, 0, w.length, 127.5f, 128, out);
            } else {
                int cols = (int) shape[1];
                for (int r = 0; r < shape[0]; r++) {
                    symmetric(w, r * cols, cols, 127f, 127, out);
                }
            }
            return out;
        }
    }
}
