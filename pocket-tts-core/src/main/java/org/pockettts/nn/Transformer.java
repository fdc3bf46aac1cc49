package org.pockettts.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * A stack of {@link TransformerLayer}s sharing one rotary embedding. Streaming state (one
 * {@link KvCache} per layer) lives in a {@link State}, apart from the weights, so one loaded
 * transformer serves any number of generations at once.
 */
public final class Transformer {

    private final List<TransformerLayer> layers;
    private final int dim;
    private final int context;

    private Transformer(List<TransformerLayer> layers, int dim, int context) {
        this.layers = List.copyOf(layers);
        this.dim = dim;
        this.context = context;
    }

    /**
     * Loads {@code layers.0 … layers.(n−1)} under {@code w}.
     *
     * @param context attention context in positions, {@link Integer#MAX_VALUE} for unbounded
     * @param compact whether to keep bfloat16 weights as bfloat16 ({@link Linear#loadCompact}): for
     *     single-row steps, which memory traffic limits
     */
    public static Transformer load(Weights w, int numLayers, int dim, int heads, int feedForward, double maxPeriod,
                                   boolean layerScale, int context, boolean compact) {
        Rope rope = new Rope(dim / heads, maxPeriod);
        List<TransformerLayer> layers = new ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            layers.add(TransformerLayer.load(w.scope("layers." + i), dim, heads, feedForward, layerScale, rope, compact));
        }
        return new Transformer(layers, dim, context);
    }

    public int dim() {
        return dim;
    }

    /** A fresh streaming state that may hold at most {@code limit} positions. */
    public State newState(int limit) {
        List<KvCache> caches = new ArrayList<>();
        for (TransformerLayer layer : layers) {
            caches.add(layer.newCache(context, limit));
        }
        return new State(caches);
    }

    /** Runs {@code rows} new positions of {@code x} ([rows, dim]) through all layers, in place. */
    public void forward(float[] x, int rows, State state) {
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).forward(x, rows, state.caches.get(i), state.scratch);
        }
    }

    /** The per-layer caches of one stream. */
    public static final class State {
        private final List<KvCache> caches;
        private final Scratch scratch = new Scratch();

        private State(List<KvCache> caches) {
            this.caches = caches;
        }

        /** Working arrays of this stream, for the transformer and for the model around it. */
        public Scratch scratch() {
            return scratch;
        }

        /** Positions seen so far. */
        public long length() {
            return caches.isEmpty() ? 0 : caches.get(0).length();
        }

        /** Bytes held by the caches. */
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

        /** An independent copy. */
        public State copy() {
            List<KvCache> copies = new ArrayList<>();
            for (KvCache c : caches) {
                copies.add(c.copy());
            }
            return new State(copies);
        }
    }
}
