package org.pockettts.flowlm;

import java.util.ArrayList;
import java.util.List;
import org.pockettts.kernels.Activations;
import org.pockettts.kernels.Norms;
import org.pockettts.nn.Buffer;
import org.pockettts.nn.Linear;
import org.pockettts.nn.StatefulModule;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * The flow network that turns the transformer's output into a latent: an MLP with adaptive
 * LayerNorm ("SimpleMLPAdaLN"), conditioned on the transformer output {@code h} and on the time
 * conditions of its sampler (the two times s and t of a Lagrangian self-distillation step, one time
 * for flow matching, none for a drifting sampler), whose embeddings are averaged into the
 * conditioning. It returns the flow direction for x.
 */
final class FlowNet implements StatefulModule<FlowNet.State> {

    private final int dim;
    /** One embedder per time condition ({@code time_embed.0}, {@code time_embed.1}, …). */
    private final List<TimestepEmbedder> timeEmbeds;
    private final Linear condEmbed;
    private final Linear inputProj;
    private final List<ResBlock> blocks;
    private final Linear finalModulation;
    private final Linear finalLinear;

    private FlowNet(int dim, List<TimestepEmbedder> timeEmbeds, Linear condEmbed, Linear inputProj,
                    List<ResBlock> blocks, Linear finalModulation, Linear finalLinear) {
        this.dim = dim;
        this.timeEmbeds = List.copyOf(timeEmbeds);
        this.condEmbed = condEmbed;
        this.inputProj = inputProj;
        this.blocks = List.copyOf(blocks);
        this.finalModulation = finalModulation;
        this.finalLinear = finalLinear;
    }

    /** Loads the network with {@code timeConditions} time embedders ({@code time_embed.i}). */
    static FlowNet load(Weights w, int dim, int depth, int condDim, int latentDim, int timeConditions) {
        List<ResBlock> blocks = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            Weights b = w.scope("res_blocks." + i);
            blocks.add(new ResBlock(dim,
                    b.scope("in_ln").vector("weight", dim), b.scope("in_ln").vector("bias", dim),
                    Linear.load(b, "mlp.0", dim, dim, true, WeightFormat.AS_STORED),
                    Linear.load(b, "mlp.2", dim, dim, true, WeightFormat.AS_STORED),
                    Linear.load(b, "adaLN_modulation.1", dim, 3 * dim, true, WeightFormat.AS_STORED)));
        }
        List<TimestepEmbedder> times = new ArrayList<>();
        for (int i = 0; i < timeConditions; i++) {
            times.add(TimestepEmbedder.load(w.scope("time_embed." + i), dim));
        }
        return new FlowNet(dim, times,
                Linear.load(w, "cond_embed", condDim, dim, true, WeightFormat.AS_STORED),
                Linear.load(w, "input_proj", latentDim, dim, true, WeightFormat.AS_STORED),
                blocks,
                Linear.load(w, "final_layer.adaLN_modulation.1", dim, 2 * dim, true, WeightFormat.AS_STORED),
                Linear.load(w, "final_layer.linear", dim, latentDim, true, WeightFormat.AS_STORED));
    }

    /** The working arrays of one stream's flow, named by what they hold. */
    static final class State {
        /** {@code cond_embed(h)}, shared by every step of one frame. */
        final Buffer condition = new Buffer();
        /** The sum of the time embeddings. */
        final Buffer timeSum = new Buffer();
        /** The conditioning plus the mean of the time embeddings. */
        final Buffer y = new Buffer();
        /** {@code silu(y)}, the input of every modulation. */
        final Buffer siluY = new Buffer();
        /** The residual stream of the MLP. */
        final Buffer h = new Buffer();
        /** Shift, scale and gate of the block being run (or shift and scale of the final layer). */
        final Buffer modulation = new Buffer();
        /** The modulated layer norm of the residual stream. */
        final Buffer normed = new Buffer();
        /** A block's hidden activations. */
        final Buffer hidden = new Buffer();
        /** A block's output, before its gate. */
        final Buffer out = new Buffer();
        /** The flow direction, the result of {@link #flow}. */
        final Buffer direction = new Buffer();
    }

    @Override
    public State newState() {
        return new State();
    }

    /**
     * The conditioning shared by every step of one frame, {@code cond_embed(h)}: the state's
     * {@code condition} buffer, valid until the next call of this method with the same state.
     */
    float[] condition(float[] h, State state) {
        float[] c = state.condition.get(dim);
        condEmbed.forward(h, 0, 1, c, 0);
        return c;
    }

    /**
     * The flow direction at {@code x} for the given time conditions (one per time embedder: s and t
     * for LSD, t for flow matching, none for drifting), given {@link #condition}: the state's
     * {@code direction} buffer, valid until the next call with the same state.
     */
    float[] flow(float[] condition, float[] times, float[] x, State state) {
        float[] y = state.y.get(dim);
        int count = timeEmbeds.size();
        if (count == 0) {
            System.arraycopy(condition, 0, y, 0, dim);
        } else if (count == 1) {
            float[] e = timeEmbeds.get(0).embed(times[0]);
            for (int i = 0; i < dim; i++) {
                y[i] = condition[i] + e[i];
            }
        } else {
            // The mean of the embeddings, summed in order then divided, as the reference does.
            float[] sum = state.timeSum.get(dim);
            System.arraycopy(timeEmbeds.get(0).embed(times[0]), 0, sum, 0, dim);
            for (int k = 1; k < count; k++) {
                float[] e = timeEmbeds.get(k).embed(times[k]);
                for (int i = 0; i < dim; i++) {
                    sum[i] += e[i];
                }
            }
            for (int i = 0; i < dim; i++) {
                y[i] = condition[i] + sum[i] / count;
            }
        }
        float[] silu = state.siluY.get(dim);
        Activations.silu(y, 0, silu, 0, dim);
        float[] h = state.h.get(dim);
        inputProj.forward(x, 0, 1, h, 0);
        for (ResBlock block : blocks) {
            block.forward(h, silu, state);
        }
        float[] mod = state.modulation.get(3 * dim);
        finalModulation.forward(silu, 0, 1, mod, 0);
        float[] n = state.normed.get(dim);
        Norms.layerNorm(h, 0, n, 0, 1, dim, null, null, 1e-6f);
        for (int i = 0; i < dim; i++) {
            n[i] = n[i] * (1f + mod[dim + i]) + mod[i];
        }
        float[] direction = state.direction.get(finalLinear.out());
        finalLinear.forward(n, 0, 1, direction, 0);
        return direction;
    }

    /** {@code x + gate·MLP(LN(x)·(1 + scale) + shift)}, with shift, scale, gate from the conditioning. */
    private record ResBlock(int dim, float[] lnWeight, float[] lnBias, Linear mlp1, Linear mlp2, Linear modulation) {

        void forward(float[] x, float[] siluY, State state) {
            float[] mod = state.modulation.get(3 * dim);
            modulation.forward(siluY, 0, 1, mod, 0);
            float[] u = state.normed.get(dim);
            Norms.layerNorm(x, 0, u, 0, 1, dim, lnWeight, lnBias, 1e-6f);
            for (int i = 0; i < dim; i++) {
                u[i] = u[i] * (1f + mod[dim + i]) + mod[i];
            }
            float[] hidden = state.hidden.get(dim);
            mlp1.forward(u, 0, 1, hidden, 0);
            Activations.silu(hidden, 0, dim);
            float[] out = state.out.get(dim);
            mlp2.forward(hidden, 0, 1, out, 0);
            for (int i = 0; i < dim; i++) {
                x[i] += mod[2 * dim + i] * out[i];
            }
        }
    }
}
