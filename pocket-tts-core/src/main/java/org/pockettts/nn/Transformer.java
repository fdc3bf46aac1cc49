package org.pockettts.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link TransformerLayer}s sharing one rotary embedding. Streaming state (one
 * {@link KvCache} per layer, and the working buffers of a call) lives in a {@link State}, apart
 * from the weights, so one loaded transformer serves any number of generations at once.
 */
public final class Transformer implements StatefulModule<Transformer.State> {

    private final List<TransformerLayer> layers;
    private final int dim;
    private final int context;
    private final int limit;

    private Transformer(List<TransformerLayer> layers, int dim, int context, int limit) {
        this.layers = List.copyOf(layers);
        this.dim = dim;
        this.context = context;
        this.limit = limit;
    }

    /**
     * Loads {@code layers.0 … layers.(n−1)} under {@code w}.
     *
     * @param context attention context in positions, {@link Integer#MAX_VALUE} for unbounded
     * @param limit the most positions one stream may ever hold (more is an error, see {@link KvCache})
     * @param format how the attention's and the feed-forward's matrices are kept
     * @param gelu the feed-forward's activation
     */
    public static Transformer load(Weights w, int numLayers, int dim, int heads, int feedForward, double maxPeriod,
                                   boolean layerScale, int context, int limit, WeightFormat format, Gelu gelu) {
        Rope rope = new Rope(dim / heads, maxPeriod);
        List<TransformerLayer> layers = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            layers.add(TransformerLayer.load(w.scope("layers." + i), dim, heads, feedForward, layerScale, rope, format,
                    gelu));
        }
        return new Transformer(layers, dim, context, limit);
    }

    public int dim() {
        return dim;
    }

    /** Layers, each with its own cache in a state. */
    public int layers() {
        return layers.size();
    }

    /** Attention heads of every layer. */
    public int heads() {
        return layers.get(0).heads();
    }

    /**
     * A stream restored from the dense caches of every layer ([2, positions, heads, dim / heads]
     * each, keys with their rotary embedding applied, then values), the first {@code padding}
     * positions being padding that no query attends to. The next position is {@code positions}.
     * For transformers with unbounded attention.
     */
    public State restore(java.util.List<float[]> caches, int positions, int padding) {
        if (caches.size() != layers.size()) {
            throw new IllegalArgumentException(caches.size() + " caches for " + layers.size() + " layers");
        }
        List<KvCache> restored = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            restored.add(layers.get(i).restoreCache(caches.get(i), positions, padding, limit));
        }
        return new State(restored);
    }

    /** A fresh, empty stream. */
    @Override
    public State newState() {
        List<KvCache> caches = new ArrayList<>();
        for (TransformerLayer layer : layers) {
            caches.add(layer.newCache(context, limit));
        }
        return new State(caches);
    }

    /**
     * Runs {@code rows} new positions of {@code x} ([rows, dim]) through all layers, in place, and
     * appends them to the stream.
     */
    public void forward(float[] x, int rows, State state) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(x, rows, state.caches.get(i), state.buffers);
        }
    }

    /** The working arrays of one stream's calls, named by what they hold; their contents do not outlive a call. */
    static final class Buffers {
        /** The layer norm of the rows. */
        final Buffer normed = new Buffer();
        /** The attention's or the feed-forward's output, added to the rows. */
        final Buffer update = new Buffer();
        /** The feed-forward's hidden activations. */
        final Buffer hidden = new Buffer();
        /** Queries, keys and values of the rows. */
        final Buffer qkv = new Buffer();
        /** The attention's weighted sums of values, before the output projection. */
        final Buffer attended = new Buffer();
        /** One query's attention scores. */
        final Buffer scores = new Buffer();
    }

    /** The per-layer caches of one stream, and its working buffers. */
    public static final class State {
        private final List<KvCache> caches;
        private final Buffers buffers = new Buffers();

        private State(List<KvCache> caches) {
            this.caches = caches;
        }

        /** Positions seen so far. */
        public long length() {
            return caches.isEmpty() ? 0 : caches.get(0).length();
        }

        /** Bytes held by the caches (not those of a stream this one continues). */
        public long sizeInBytes() {
            long total = 0;
            for (KvCache c : caches) {
                total += c.sizeInBytes();
            }
            return total;
        }

        /** Makes room for {@code more} positions after those already held, when the attention is unbounded. */
        public void reserve(int more) {
            for (KvCache c : caches) {
                c.ensureCapacity(c.length() + more);
            }
        }

        /** Layer {@code layer}'s cache in the dense form {@link Transformer#restore} takes. */
        public float[] dense(int layer) {
            return caches.get(layer).dense();
        }

        /** Leading positions that are padding (a restored model state's {@code pad}). */
        public long padding() {
            return caches.isEmpty() ? 0 : caches.get(0).padding();
        }

        /**
         * A stream that continues this one, with buffers of its own: it reads this stream's
         * positions in place, so this stream must not change any more (a voice's prompted state
         * never does), and has room for {@code more} positions of its own. For transformers with
         * unbounded attention.
         */
        public State branch(int more) {
            List<KvCache> branches = new ArrayList<>();
            for (KvCache c : caches) {
                branches.add(c.branch(more));
            }
            return new State(branches);
        }
    }
}
