package org.pockettts.flowlm;

import org.pockettts.kernels.Activations;
import org.pockettts.kernels.Norms;
import org.pockettts.nn.Linear;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * Embeds a scalar time τ ∈ [0, 1]: {@code [cos(τ·f), sin(τ·f)]} over 128 frequencies, then
 * Linear → SiLU → Linear → variance scaling.
 */
final class TimestepEmbedder {

    private static final int FREQUENCIES = 128;

    private final float[] freqs;
    private final Linear linear1;
    private final Linear linear2;
    private final float[] alpha;

    private TimestepEmbedder(float[] freqs, Linear linear1, Linear linear2, float[] alpha) {
        this.freqs = freqs;
        this.linear1 = linear1;
        this.linear2 = linear2;
        this.alpha = alpha;
    }

    static TimestepEmbedder load(Weights w, int dim) {
        // The frequencies are a stored buffer: the file's (bf16-rounded) values are the ones the
        // reference computes with, not the exact exponentials.
        float[] freqs = w.has("freqs") ? w.vector("freqs", FREQUENCIES) : defaultFrequencies();
        return new TimestepEmbedder(freqs,
                Linear.load(w, "mlp.0", 2 * FREQUENCIES, dim, true, WeightFormat.AS_STORED),
                Linear.load(w, "mlp.2", dim, dim, true, WeightFormat.AS_STORED),
                w.scope("mlp.3").vector("alpha", dim));
    }

    private static float[] defaultFrequencies() {
        float[] f = new float[FREQUENCIES];
        for (int j = 0; j < FREQUENCIES; j++) {
            f[j] = (float) Math.exp(-Math.log(10000) * j / FREQUENCIES);
        }
        return f;
    }

    /**
     * The embedding of {@code tau}. The times a generation uses are few ({@code i/N} for N flow
     * steps), so embeddings are computed once per value and shared: read-only, never changed.
     */
    float[] embed(float tau) {
        Cached[] cache = this.cache;
        for (Cached c : cache) {
            if (Float.floatToRawIntBits(c.tau) == Float.floatToRawIntBits(tau)) {
                return c.embedding;
            }
        }
        float[] e = compute(tau);
        synchronized (this) {
            Cached[] grown = java.util.Arrays.copyOf(this.cache, this.cache.length + 1);
            grown[grown.length - 1] = new Cached(tau, e);
            // A bounded cache: callers passing arbitrary times would otherwise grow it forever.
            this.cache = grown.length > MAX_CACHED ? new Cached[0] : grown;
        }
        return e;
    }

    private record Cached(float tau, float[] embedding) {
    }

    private static final int MAX_CACHED = 64;
    private volatile Cached[] cache = new Cached[0];

    private float[] compute(float tau) {
        float[] e = new float[2 * FREQUENCIES];
        for (int j = 0; j < FREQUENCIES; j++) {
            float arg = tau * freqs[j];
            e[j] = (float) Math.cos(arg);
            e[FREQUENCIES + j] = (float) Math.sin(arg);
        }
        float[] h = linear1.forward(e);
        Activations.silu(h, 0, h.length);
        float[] out = linear2.forward(h);
        Norms.varianceScale(out, 0, 1, out.length, alpha, 1e-5f);
        return out;
    }
}
