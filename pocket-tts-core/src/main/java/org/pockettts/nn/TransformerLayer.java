package org.pockettts.nn;

/**
 * A pre-norm transformer layer: {@code x += s1·attn(LN1(x)); x += s2·W2·gelu(W1·LN2(x))}, where
 * the per-channel scales s1, s2 ("LayerScale") exist only in Mimi's transformers.
 */
final class TransformerLayer {

    private final int dim;
    private final LayerNorm norm1;
    private final Attention attention;
    private final LayerNorm norm2;
    private final Linear linear1;
    private final Linear linear2;
    private final float[] scale1;
    private final float[] scale2;
    private final Gelu gelu;

    private TransformerLayer(int dim, LayerNorm norm1, Attention attention, LayerNorm norm2, Linear linear1,
                             Linear linear2, float[] scale1, float[] scale2, Gelu gelu) {
        this.dim = dim;
        this.norm1 = norm1;
        this.attention = attention;
        this.norm2 = norm2;
        this.linear1 = linear1;
        this.linear2 = linear2;
        this.scale1 = scale1;
        this.scale2 = scale2;
        this.gelu = gelu;
    }

    /**
     * Loads one layer; with {@code layerScale} the {@code layer_scale_1/2.scale} vectors too; the
     * attention's and the feed-forward's matrices are kept in {@code format}; {@code gelu} is the
     * feed-forward's activation.
     */
    static TransformerLayer load(Weights w, int dim, int heads, int feedForward, boolean layerScale, Rope rope,
                                 WeightFormat format, Gelu gelu) {
        return new TransformerLayer(dim,
                LayerNorm.load(w, "norm1", dim, 1e-5f),
                Attention.load(w.scope("self_attn"), dim, heads, rope, format),
                LayerNorm.load(w, "norm2", dim, 1e-5f),
                Linear.load(w, "linear1", dim, feedForward, false, format),
                Linear.load(w, "linear2", feedForward, dim, false, format),
                layerScale ? w.scope("layer_scale_1").vector("scale", dim) : null,
                layerScale ? w.scope("layer_scale_2").vector("scale", dim) : null, gelu);
    }

    /** Transforms {@code rows} rows of {@code x} in place, appending them to {@code cache}. */
    void forward(float[] x, int rows, KvCache cache, Transformer.Buffers buffers) {
        int n = rows * dim;
        float[] h = buffers.normed.get(n);
        float[] update = buffers.update.get(n);
        norm1.forward(x, 0, h, 0, rows);
        attention.forward(h, rows, cache, update, buffers);
        addScaled(x, update, scale1, rows);
        norm2.forward(x, 0, h, 0, rows);
        int hiddenSize = rows * linear1.out();
        float[] hidden = buffers.hidden.get(hiddenSize);
        linear1.forward(h, 0, rows, hidden, 0);
        gelu.apply(hidden, 0, hiddenSize);
        linear2.forward(hidden, 0, rows, update, 0);
        addScaled(x, update, scale2, rows);
    }

    private void addScaled(float[] x, float[] update, float[] scale, int rows) {
        for (int t = 0; t < rows; t++) {
            int o = t * dim;
            for (int i = 0; i < dim; i++) {
                x[o + i] += scale == null ? update[o + i] : scale[i] * update[o + i];
            }
        }
    }

    /** Attention heads. */
    int heads() {
        return attention.heads();
    }

    /** A cache of this layer's attention restored from its dense form (see {@link KvCache#restore}). */
    KvCache restoreCache(float[] kv, int positions, int padding, int limit) {
        return KvCache.restore(attention.heads(), dim / attention.heads(), limit, kv, positions, padding);
    }

    /** A cache fitting this layer's attention. */
    KvCache newCache(int context, int limit) {
        return new KvCache(attention.heads(), dim / attention.heads(), context, limit);
    }
}
