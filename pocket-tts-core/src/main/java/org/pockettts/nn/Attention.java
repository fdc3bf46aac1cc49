package org.pockettts.nn;

import org.pockettts.kernels.Activations;
import org.pockettts.kernels.Kernels;

/**
 * Causal multi-head self-attention over a {@link KvCache}, with rotary positions. The input
 * projection yields q, k and v as three consecutive blocks of {@code heads × headDim}; no biases.
 * A query at position p attends to the positions in {@code (p − context, p]}.
 */
final class Attention {

    private static final Kernels K = Kernels.get();

    private final Linear inProj;
    private final Linear outProj;
    private final int heads;
    private final int headDim;
    private final Rope rope;

    Attention(Linear inProj, Linear outProj, int heads, Rope rope) {
        this.inProj = inProj;
        this.outProj = outProj;
        this.heads = heads;
        this.headDim = outProj.out() / heads;
        this.rope = rope;
    }

    /** Attention heads. */
    int heads() {
        return heads;
    }

    /** Loads {@code in_proj} and {@code out_proj}, kept in {@code format}. */
    static Attention load(Weights w, int dim, int heads, Rope rope, WeightFormat format) {
        return new Attention(Linear.load(w, "in_proj", dim, 3 * dim, false, format),
                Linear.load(w, "out_proj", dim, dim, false, format), heads, rope);
    }

    /**
     * Attends {@code rows} rows of {@code x} ([rows, dim]) into {@code out} ([rows, dim]), appending
     * them to {@code cache}.
     */
    void forward(float[] x, int rows, KvCache cache, float[] out, Transformer.Buffers buffers) {
        int dim = heads * headDim;
        float[] qkv = buffers.qkv.get(rows * 3 * dim);
        inProj.forward(x, 0, rows, qkv, 0);
        long start = cache.length();
        rope.apply(qkv, 0, 3 * dim, rows, heads, start);
        rope.apply(qkv, dim, 3 * dim, rows, heads, start);
        cache.reserve(rows);
        for (int t = 0; t < rows; t++) {
            cache.append(qkv, t * 3 * dim + dim, qkv, t * 3 * dim + 2 * dim);
        }
        float[] attended = buffers.attended.get(rows * dim);
        java.util.Arrays.fill(attended, 0, rows * dim, 0f);
        float scale = (float) (1.0 / Math.sqrt(headDim));
        long first = cache.first();
        int context = cache.context();
        float[] scores = buffers.scores.get((int) Math.min(cache.length() - first, Integer.MAX_VALUE));
        for (int t = 0; t < rows; t++) {
            long p = start + t;
            long lo = context == Integer.MAX_VALUE ? first : Math.max(first, p - context + 1);
            int n = (int) (p - lo + 1);
            for (int h = 0; h < heads; h++) {
                int q = t * 3 * dim + h * headDim;
                cache.scores(K, qkv, q, h, lo, n, scale, scores, 0);
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, scores[j]);
                }
                float inv = (float) (1.0 / Activations.expShifted(scores, 0, n, max));
                for (int j = 0; j < n; j++) {
                    scores[j] *= inv;
                }
                cache.weightedSum(K, scores, 0, h, lo, n, attended, t * dim + h * headDim);
            }
        }
        outProj.forward(attended, 0, rows, out, 0);
    }
}
