package org.pockettts.flowlm;

import java.util.List;
import java.util.random.RandomGenerator;
import org.pockettts.config.ModelConfig;
import org.pockettts.config.SamplerType;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;
import org.pockettts.kernels.RowTable;
import org.pockettts.nn.Buffer;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Gelu;
import org.pockettts.nn.LayerNorm;
import org.pockettts.nn.Linear;
import org.pockettts.nn.StatefulModule;
import org.pockettts.nn.Transformer;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * FlowLM, the autoregressive half of Pocket TTS: a causal transformer prompted with the voice
 * conditioning and the text embeddings, then fed its own latents back one frame at a time. At each
 * frame its last hidden state {@code h} gives an end-of-speech logit and, through the flow network
 * and its sampler (Lagrangian self-distillation, flow matching or a drifting step), the next latent.
 * Models of the 2.x format put a learned token ({@code bos_before_voice}) in front of the voice.
 */
public final class FlowLm implements StatefulModule<FlowLm.State> {

    /** Positions one chunk's cache may hold (voice prompt + text + frames), as in the reference. */
    public static final int MAX_POSITIONS = 1000;

    /**
     * Rows a prompt is run in at once. Prompting in blocks gives the same numbers as all at once
     * (every row's sums run in the same order), bounds the working buffers, and lets a long prompt
     * be stopped between blocks.
     */
    static final int PROMPT_BLOCK = 64;
    private final int dim;
    private final int latentDim;
    private final int vocabulary;
    /** The text embedding table [vocabulary + 1, dim], read in place, a row per token. */
    private final RowTable embeddings;
    private final Matrix speakerProjection;
    /** The learned token put in front of every voice prompt ({@code insert_bos_before_voice}), or null. */
    private final float[] bosBeforeVoice;
    private final SamplerType sampler;
    private final float[] bos;
    private final float[] embStd;
    private final float[] embMean;
    private final Linear inputLinear;
    private final Transformer transformer;
    private final LayerNorm outNorm;
    private final Linear outEos;
    private final FlowNet flowNet;

    private FlowLm(ModelConfig config, Weights w, Gelu gelu, WeightFormat projections) {
        ModelConfig.FlowLm c = config.flowLm();
        this.dim = c.transformer().dModel();
        this.latentDim = config.latentDim();
        this.vocabulary = c.lookupTable().nBins();
        this.embeddings = w.table("conditioner.embed.weight", vocabulary + 1, dim);
        this.speakerProjection = w.matrix("speaker_proj_weight", dim, config.mimiInnerDim(), WeightFormat.FLOAT32);
        // Model packs call the token bos_before_voice; raw training checkpoints call it fuser.padding_value.
        this.bosBeforeVoice = !c.insertBosBeforeVoice() ? null
                : w.tensor(w.has(BOS_BEFORE_VOICE) || !w.has(PADDING_VALUE) ? BOS_BEFORE_VOICE : PADDING_VALUE,
                        1, 1, dim);
        this.sampler = c.flow().type();
        this.bos = w.vector("bos_emb", latentDim);
        this.embStd = w.vector("emb_std", latentDim);
        this.embMean = w.vector("emb_mean", latentDim);
        this.inputLinear = Linear.load(w, "input_linear", latentDim, dim, false, WeightFormat.FLOAT32);
        ModelConfig.Transformer t = c.transformer();
        this.transformer = Transformer.load(w.scope("transformer"), t.numLayers(), dim, t.numHeads(),
                dim * t.hiddenScale(), t.maxPeriod(), false, Integer.MAX_VALUE, MAX_POSITIONS, projections, gelu);
        this.outNorm = LayerNorm.load(w, "out_norm", dim, 1e-5f);
        this.outEos = Linear.load(w, "out_eos", dim, 1, true, WeightFormat.FLOAT32);
        this.flowNet = FlowNet.load(w.scope("flow_net"), c.flow().dim(), c.flow().depth(), dim, latentDim,
                sampler.timeConditions());
    }

    private static final String BOS_BEFORE_VOICE = "bos_before_voice";
    private static final String PADDING_VALUE = "fuser.padding_value";

    /** Loads FlowLM from the {@code flow_lm.*} tensors, with the exact GELU of pocket-tts 1.0.1 and 2.1.0. */
    public static FlowLm load(ModelConfig config, Weights modelWeights) {
        return load(config, modelWeights, Gelu.ERF, WeightFormat.AS_STORED);
    }

    /**
     * Loads FlowLM from the {@code flow_lm.*} tensors, its transformer using {@code gelu}, and its
     * attention projections and feed-forward matrices kept in {@code projections} ({@link
     * WeightFormat#INT8} for {@code --quantize}; the flow network, the embeddings, the input and
     * EOS layers stay float).
     */
    public static FlowLm load(ModelConfig config, Weights modelWeights, Gelu gelu, WeightFormat projections) {
        return new FlowLm(config, modelWeights.scope("flow_lm"), gelu, projections);
    }

    /** The transformer's layers, one attention cache each in a state. */
    public int layers() {
        return transformer.layers();
    }

    /** Attention heads of the transformer. */
    public int heads() {
        return transformer.heads();
    }

    /**
     * What the transformer is prompted with for a voice of {@code frames} conditioning rows
     * ([frames, dim]): the rows themselves, after the learned {@code bos_before_voice} token when the
     * model has one. Returns a new array of {@link #voicePromptRows} rows.
     */
    public float[] voicePrompt(float[] conditioning, int frames) {
        int lead = bosBeforeVoice == null ? 0 : 1;
        float[] prompt = new float[(frames + lead) * dim];
        if (lead == 1) {
            System.arraycopy(bosBeforeVoice, 0, prompt, 0, dim);
        }
        System.arraycopy(conditioning, 0, prompt, lead * dim, frames * dim);
        return prompt;
    }

    /** Positions a voice of {@code frames} conditioning rows takes in the transformer's context. */
    public int voicePromptRows(int frames) {
        return frames + (bosBeforeVoice == null ? 0 : 1);
    }

    /**
     * A stream restored from a model state: per layer, a dense cache [2, positions, heads,
     * dim / heads] (keys with their rotary embedding applied, then values); the first
     * {@code padding} positions are padding that nothing attends to.
     */
    public State restore(List<float[]> caches, int positions, int padding) {
        return new State(transformer.restore(caches, positions, padding), flowNet.newState());
    }

    public int dim() {
        return dim;
    }

    public int latentDim() {
        return latentDim;
    }

    /** A fresh, empty stream. */
    @Override
    public State newState() {
        return new State(transformer.newState(), flowNet.newState());
    }

    /**
     * One stream of FlowLM: the transformer's caches and buffers, the flow network's buffers, and the
     * named buffers of a step. A voice is a prompted state that generations {@link State#copy} from.
     */
    public static final class State {
        private final Transformer.State transformer;
        private final FlowNet.State flow;
        /** Rows of a prompt block, transformed in place. */
        private final Buffer promptRows = new Buffer();
        /** The step's input latent (the previous latent, or the BOS embedding). */
        private final Buffer input = new Buffer();
        /** The input projected to the transformer's width, then transformed in place. */
        private final Buffer x = new Buffer();
        /** {@code out_norm} of the transformer's output: the flow's conditioning and the EOS head's input. */
        private final Buffer h = new Buffer();
        /** The end-of-speech logit. */
        private final Buffer eos = new Buffer();
        /** The time conditions of one sampler step. */
        private final Buffer times = new Buffer();

        private State(Transformer.State transformer, FlowNet.State flow) {
            this.transformer = transformer;
            this.flow = flow;
        }

        /** Positions seen so far. */
        public long length() {
            return transformer.length();
        }

        /** Bytes held by the caches (not those of a stream this one continues). */
        public long sizeInBytes() {
            return transformer.sizeInBytes();
        }

        /** Makes room for {@code more} positions after those already held. */
        public void reserve(int more) {
            transformer.reserve(more);
        }

        /** Layer {@code layer}'s attention cache, dense: [2, positions, heads, dim / heads]. */
        public float[] cache(int layer) {
            return transformer.dense(layer);
        }

        /** Leading positions that are padding. */
        public long padding() {
            return transformer.padding();
        }

        /**
         * A stream that continues this one, with buffers of its own and room for {@code more}
         * positions (one allocation of the caches at the size a chunk needs): it reads this
         * stream's positions in place, so this stream must not change any more, as a voice's
         * prompted state never does.
         */
        public State branch(int more) {
            return new State(transformer.branch(more), new FlowNet.State());
        }
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

    /**
     * Appends {@code rows} conditioning positions ([rows, dim]: voice or text) to the stream, in
     * blocks of {@link #PROMPT_BLOCK} rows, asking {@code cancel} before each. The caches grow once,
     * to the size they need.
     */
    public void prompt(State state, float[] conditioning, int rows, Cancellation cancel) {
        state.reserve(rows);
        for (int first = 0; first < rows; first += PROMPT_BLOCK) {
            cancel.check();
            int n = Math.min(PROMPT_BLOCK, rows - first);
            float[] block = state.promptRows.get(n * dim);
            System.arraycopy(conditioning, first * dim, block, 0, n * dim);
            transformer.forward(block, n, state.transformer);
        }
    }

    /** What one generation step produced, and how long its two halves took. */
    public record Frame(float[] latent, float eosLogit, long transformerNanos, long flowNanos) {
    }

    /**
     * Sampling settings of a generation.
     *
     * @param decodeSteps steps of the sampler per latent (a drifting sampler always takes one)
     */
    public record Sampling(int decodeSteps, float temperature, Float noiseClamp, RandomGenerator random) {
    }

    /**
     * One autoregressive step: feeds the previous latent (null at the start: the BOS embedding),
     * and samples the next latent, asking {@code cancel} between the flow steps and noise redraws.
     * Appends one position to the stream. The returned latent is a new array, the step's only
     * allocation: it is handed to the decoder thread.
     */
    public Frame step(State state, float[] previousLatent, Sampling sampling, Cancellation cancel) {
        float[] input = state.input.get(latentDim);
        for (int i = 0; i < latentDim; i++) {
            float v = previousLatent == null ? Float.NaN : previousLatent[i];
            input[i] = Float.isNaN(v) ? bos[i] : v;
        }
        long t0 = System.nanoTime();
        float[] x = state.x.get(dim);
        inputLinear.forward(input, 0, 1, x, 0);
        transformer.forward(x, 1, state.transformer);
        float[] h = state.h.get(dim);
        outNorm.forward(x, 0, h, 0, 1);
        float[] eos = state.eos.get(1);
        outEos.forward(h, 0, 1, eos, 0);
        long t1 = System.nanoTime();
        float[] latent = Noise.sample(latentDim, sampling.temperature(), sampling.noiseClamp(), sampling.random(),
                cancel);
        sample(h, latent, sampling.decodeSteps(), state, cancel);
        return new Frame(latent, eos[0], t1 - t0, System.nanoTime() - t1);
    }

    /**
     * Turns the noise in {@code latent} into the next latent, in place, with the flow network
     * conditioned on {@code h} and this model's sampler: {@code steps} LSD or flow-matching steps,
     * or the one drifting call.
     */
    void sample(float[] h, float[] latent, int steps, State state, Cancellation cancel) {
        float[] condition = flowNet.condition(h, state.flow);
        float[] times = state.times.get(sampler.timeConditions());
        if (sampler == SamplerType.DRIFTING) {
            cancel.check();
            float[] direction = flowNet.flow(condition, times, latent, state.flow);
            System.arraycopy(direction, 0, latent, 0, latentDim);
        } else {
            for (int i = 0; i < steps; i++) {
                cancel.check();
                // LSD's two times are s = i/n and t = (i+1)/n; flow matching's one is i/n.
                for (int k = 0; k < sampler.timeConditions(); k++) {
                    times[k] = (float) ((double) (i + k) / steps);
                }
                float[] direction = flowNet.flow(condition, times, latent, state.flow);
                for (int j = 0; j < latentDim; j++) {
                    latent[j] += direction[j] / steps;
                }
            }
        }
    }

    /** Maps a generated latent to Mimi's scale: {@code latent·emb_std + emb_mean}, into {@code z}. */
    public void denormalize(float[] latent, float[] z) {
        for (int i = 0; i < latentDim; i++) {
            z[i] = latent[i] * embStd[i] + embMean[i];
        }
    }
}
