package org.pockettts.nn;

import org.pockettts.kernels.Kernels;

/**
 * Causal multi-head self-attention over a {@link KvCache}, with rotary positions. The input
 * projection yields q, k and v as three consecutive blocks of {@code heads × headDim}; no biases.
 * A query at position p attends to the positions in {@code (p − context, p]}.
 */
public final class Attention {

    private static final Kernels K = Kernels.get();

    private final Linear inProj;
    private final Linear outProj;
    private final int heads;
    private final int headDim;
    private final Rope rope;

    public Attention(Linear inProj, Linear outProj, int heads, Rope rope) {
        this.inProj = inProj;
        this.outProj = outProj;
        this.heads = heads;
        this.headDim = outProj.out() / heads;
        this.rope = rope;
    }

    /** Loads {@code in_proj} and {@code out_proj}; {@code compact} as in {@link Linear#loadCompact}. */
    public static Attention load(Weights w, int dim, int heads, Rope rope, boolean compact) {
        return new Attention(linear(w, "in_proj", dim, 3 * dim, compact), linear(w, "out_proj", dim, dim, compact),
                heads, rope);
    }

    static Linear linear(Weights w, String name, int in, int out, boolean compact) {
        return compact ? Linear.loadCompact(w, name, in, out, false) : Linear.load(w, name, in, out, false);
    }

    /** Attends {@code rows} rows of {@code x} ([rows, dim]) into {@code out} ([rows, dim]), appending them to {@code cache}. */
    public void forward(float[] x, int rows, KvCache cache, float[] out) {
        int dim = heads * headDim;
        float[] qkv = new float[rows * 3 * dim];
        inProj.forward(x, 0, rows, qkv, 0);
        long start = cache.length();
        rope.apply(qkv, 0, 3 * dim, rows, heads, start);
        rope.apply(qkv, dim, 3 * dim, rows, heads, start);
        cache.reserve(rows);
        for (int t = 0; t < rows; t++) {
            cache.append(qkv, t * 3 * dim + dim, qkv, t * 3 * dim + 2 * dim);
        }
        float[] attended = new float[rows * dim];
        float scale = (float) (1.0 / Math.sqrt(headDim));
        long first = cache.first();
        int context = cache.context();
        float[] scores = new float[(int) Math.min(cache.length() - first, Integer.MAX_VALUE)];
        float[] keys = cache.keys();
        float[] values = cache.values();
        for (int t = 0; t < rows; t++) {
            long p = start + t;
            long lo = context == Integer.MAX_VALUE ? first : Math.max(first, p - context + 1);
            int n = (int) (p - lo + 1);
            for (int h = 0; h < heads; h++) {
                int q = t * 3 * dim + h * headDim;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    float s = K.dot(qkv, q, keys, cache.offset(lo + j) + h * headDim, headDim) * scale;
                    scores[j] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    float e = (float) Math.exp(scores[j] - max);
                    scores[j] = e;
                    sum += e;
                }
                float inv = (float) (1.0 / sum);
                int o = t * dim + h * headDim;
                for (int j = 0; j < n; j++) {
                    K.axpy(scores[j] * inv, values, cache.offset(lo + j) + h * headDim, attended, o, headDim);
                }
            }
        }
        outProj.forward(attended, 0, rows, out, 0);
    }
}
