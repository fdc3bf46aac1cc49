package org.pockettts.flowlm;

import java.util.random.RandomGenerator;
import org.pockettts.config.ModelConfig;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;
import org.pockettts.nn.LayerNorm;
import org.pockettts.nn.Scratch;
import org.pockettts.nn.Linear;
import org.pockettts.nn.Transformer;
import org.pockettts.nn.Weights;

/**
 * FlowLM, the autoregressive half of Pocket TTS: a causal transformer prompted with the voice
 * conditioning and the text embeddings, then fed its own latents back one frame at a time. At each
 * frame its last hidden state {@code h} gives an end-of-speech logit and, through the flow network
 * and Lagrangian self-distillation, the next latent.
 */
public final class FlowLm {

    /** Positions one chunk's cache may hold (voice prompt + text + frames), as in the reference. */
    public static final int MAX_POSITIONS = 1000;

    private final int dim;
    private final int latentDim;
    private final int vocabulary;
    private final Matrix embeddings;
    private final Matrix speakerProjection;
    private final float[] bos;
    private final float[] embStd;
    private final float[] embMean;
    private final Linear inputLinear;
    private final Transformer transformer;
    private final LayerNorm outNorm;
    private final Linear outEos;
    private final FlowNet flowNet;

    private FlowLm(ModelConfig config, Weights w) {
        ModelConfig.FlowLm c = config.flowLm();
        this.dim = c.transformer().dModel();
        this.latentDim = config.latentDim();
        this.vocabulary = c.lookupTable().nBins();
        this.embeddings = w.compactMatrix("conditioner.embed.weight", vocabulary + 1, dim);
        this.speakerProjection = w.matrix("speaker_proj_weight", dim, config.mimiInnerDim());
        this.bos = w.vector("bos_emb", latentDim);
        this.embStd = w.vector("emb_std", latentDim);
        this.embMean = w.vector("emb_mean", latentDim);
        this.inputLinear = Linear.load(w, "input_linear", latentDim, dim, false);
        ModelConfig.Transformer t = c.transformer();
        this.transformer = Transformer.load(w.scope("transformer"), t.numLayers(), dim, t.numHeads(),
                dim * t.hiddenScale(), t.maxPeriod(), false, Integer.MAX_VALUE, true);
        this.outNorm = LayerNorm.load(w, "out_norm", dim, 1e-5f);
        this.outEos = Linear.load(w, "out_eos", dim, 1, true);
        this.flowNet = FlowNet.load(w.scope("flow_net"), c.flow().dim(), c.flow().depth(), dim, latentDim);
    }

    /** Loads FlowLM from the {@code flow_lm.*} tensors. */
    public static FlowLm load(ModelConfig config, Weights modelWeights) {
        return new FlowLm(config, modelWeights.scope("flow_lm"));
    }

    public int dim() {
        return dim;
    }

    public int latentDim() {
        return latentDim;
    }

    /** A fresh, empty stream state. */
    public Transformer.State newState() {
        return transformer.newState(MAX_POSITIONS);
    }

    /** Text token embeddings [tokens, dim]. */
    public float[] embed(int[] tokens) {
        float[] out = new float[tokens.length * dim];
        for (int i = 0; i < tokens.length; i++) {
            int id = tokens[i];
            if (id < 0 || id > vocabulary) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocabulary);
            }
            embeddings.copyRow(id, out, i * dim);
        }
        return out;
    }

    /** Voice conditioning [frames, dim] from Mimi latents [frames, innerDim]: the speaker projection. */
    public float[] speakerConditioning(float[] latents, int frames) {
        float[] out = new float[frames * dim];
        Kernels.get().matmul(latents, 0, speakerProjection.cols(), frames, speakerProjection, null, out, 0);
        return out;
    }

    /** Size of the Mimi latents the speaker projection takes. */
    public int speakerInputDim() {
        return speakerProjection.cols();
    }

    /** Appends {@code rows} conditioning positions ([rows, dim]: voice or text) to the stream. */
    public void prompt(Transformer.State state, float[] conditioning, int rows) {
        if (rows == 0) {
            return;
        }
        transformer.forward(conditioning.clone(), rows, state);
    }

    /** What one generation step produced, and how long its two halves took. */
    public record Frame(float[] latent, float eosLogit, long transformerNanos, long flowNanos) {
    }

    /** Sampling settings of a generation. */
    public record Sampling(int lsdDecodeSteps, float temperature, Float noiseClamp, RandomGenerator random) {
    }

    /**
     * One autoregressive step: feeds the previous latent (null at the start: the BOS embedding),
     * and samples the next latent. Appends one position to the stream.
     */
    public Frame step(Transformer.State state, float[] previousLatent, Sampling sampling) {
        Scratch scratch = state.scratch();
        float[] input = scratch.get(INPUT, latentDim);
        for (int i = 0; i < latentDim; i++) {
            float v = previousLatent == null ? Float.NaN : previousLatent[i];
            input[i] = Float.isNaN(v) ? bos[i] : v;
        }
        long t0 = System.nanoTime();
        float[] x = scratch.get(X, dim);
        inputLinear.forward(input, 0, 1, x, 0);
        transformer.forward(x, 1, state);
        float[] h = scratch.get(H, dim);
        outNorm.forward(x, 0, h, 0, 1);
        float[] eos = scratch.get(EOS, 1);
        outEos.forward(h, 0, 1, eos, 0);
        long t1 = System.nanoTime();
        // The latent is handed to the decoder thread, so it is the one array a step allocates.
        float[] latent = Noise.sample(latentDim, sampling.temperature(), sampling.noiseClamp(), sampling.random());
        float[] condition = flowNet.condition(h, scratch);
        int n = sampling.lsdDecodeSteps();
        for (int i = 0; i < n; i++) {
            float s = (float) ((double) i / n);
            float t = (float) ((double) (i + 1) / n);
            float[] direction = flowNet.flow(condition, s, t, latent, scratch);
            for (int j = 0; j < latentDim; j++) {
                latent[j] += direction[j] / n;
            }
        }
        return new Frame(latent, eos[0], t1 - t0, System.nanoTime() - t1);
    }

    /** Scratch slots of a step; the flow network's follow. */
    private static final int INPUT = Scratch.FIRST_FREE;
    private static final int X = INPUT + 1;
    private static final int H = INPUT + 2;
    private static final int EOS = INPUT + 3;
    static final int FLOW_SLOTS = INPUT + 4;

    /** Maps a generated latent to Mimi's scale: {@code latent·emb_std + emb_mean}, into {@code z}. */
    public void denormalize(float[] latent, float[] z) {
        for (int i = 0; i < latentDim; i++) {
            z[i] = latent[i] * embStd[i] + embMean[i];
        }
    }

    /** Maps a generated latent to Mimi's scale: {@code latent·emb_std + emb_mean}. */
    public float[] denormalize(float[] latent) {
        float[] z = new float[latentDim];
        for (int i = 0; i < latentDim; i++) {
            z[i] = latent[i] * embStd[i] + embMean[i];
        }
        return z;
    }
}
