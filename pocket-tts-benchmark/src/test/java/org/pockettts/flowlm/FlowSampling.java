package org.pockettts.flowlm;

import org.pockettts.nn.Cancellation;

/**
 * FlowLM's flow network for a transformer output computed elsewhere (the benchmark's int8 recipe
 * simulation): the package's own {@link FlowLm#sample}, at temperature 0.
 */
public final class FlowSampling {

    private FlowSampling() {
    }

    /**
     * The latent the flow makes from zero noise (temperature 0), conditioned on {@code h} (the output
     * of {@code out_norm}), in {@code steps} steps.
     */
    public static float[] latent(FlowLm flowLm, FlowLm.State state, float[] h, int steps) {
        float[] latent = new float[flowLm.latentDim()];
        flowLm.sample(h, latent, steps, state, Cancellation.NEVER);
        return latent;
    }
}
