package org.pockettts.mimi;

import org.pockettts.config.ModelConfig;
import org.pockettts.nn.Linear;
import org.pockettts.nn.Transformer;
import org.pockettts.nn.Weights;

/**
 * Mimi, the neural audio codec: encodes 24 kHz audio into one latent frame per 1920 samples
 * (12.5 Hz) and decodes latents back to audio, frame by frame.
 *
 * <p>Encoding: SEANet encoder (hop 120, 200 Hz) → transformer → strided conv down to 12.5 Hz.
 * Decoding: depthwise transposed conv up to 200 Hz → transformer → SEANet decoder.
 */
public final class Mimi {

    /** Largest number of positions a Mimi transformer cache holds: far above any real use. */
    private static final int CACHE_LIMIT = 1 << 20;

    private final ModelConfig.Mimi config;
    private final int innerDim;
    private final int stepsPerFrame;
    private final Seanet encoder;
    private final Transformer encoderTransformer;
    private final StreamingConv1d downsample;
    private final Linear quantizerProjection;
    private final StreamingConvTranspose1d upsample;
    private final Transformer decoderTransformer;
    private final Seanet decoder;

    private Mimi(ModelConfig config, Weights w) {
        this.config = config.mimi();
        ModelConfig.Seanet seanet = this.config.seanet();
        ModelConfig.MimiTransformer t = this.config.transformer();
        int dim = seanet.dimension();
        this.innerDim = config.mimiInnerDim();
        int outerDim = this.config.outerDim() != null ? this.config.outerDim() : dim;
        this.stepsPerFrame = config.mimiStepsPerFrame();
        if (t.dModel() != dim || t.inputDimension() != dim || t.outputDimensions().get(0) != dim) {
            throw new org.pockettts.api.ModelFormatException("Mimi transformers with input or output projections"
                    + " (d_model != seanet.dimension) are not supported");
        }
        if (innerDim != dim || outerDim != dim) {
            throw new org.pockettts.api.ModelFormatException("Mimi inner_dim/outer_dim different from"
                    + " seanet.dimension are not supported");
        }
        this.encoder = Seanet.encoder(w.scope("encoder"), seanet);
        this.encoderTransformer = Transformer.load(w.scope("encoder_transformer.transformer"), t.numLayers(),
                t.dModel(), t.numHeads(), t.dimFeedforward(), t.maxPeriod(), true, t.context(), true);
        this.downsample = StreamingConv1d.load(w.scope("downsample"), "conv.conv", dim, innerDim, 2 * stepsPerFrame,
                stepsPerFrame, 1, true, false, false);
        int latent = this.config.quantizer().dimension();
        int projected = this.config.quantizer().outputDimension();
        this.quantizerProjection = new Linear(
                new org.pockettts.kernels.Matrix(projected, latent,
                        w.scope("quantizer.output_proj").tensor("weight", projected, latent, 1)), null);
        this.upsample = StreamingConvTranspose1d.loadDepthwise(w.scope("upsample"), "convtr.convtr", dim, 2 * stepsPerFrame,
                stepsPerFrame);
        this.decoderTransformer = Transformer.load(w.scope("decoder_transformer.transformer"), t.numLayers(),
                t.dModel(), t.numHeads(), t.dimFeedforward(), t.maxPeriod(), true, t.context(), true);
        this.decoder = Seanet.decoder(w.scope("decoder"), seanet);
    }

    /** Loads Mimi from the {@code mimi.*} tensors. */
    public static Mimi load(ModelConfig config, Weights modelWeights) {
        return new Mimi(config, modelWeights.scope("mimi"));
    }

    /** Audio samples per latent frame. */
    public int frameSize() {
        return config.frameSize();
    }

    public int sampleRate() {
        return config.sampleRate();
    }

    /** Size of the latents {@link #encode} returns. */
    public int innerDim() {
        return innerDim;
    }

    /**
     * Encodes mono audio at {@link #sampleRate()} into latents [frames, innerDim] (time-major). The
     * audio is zero-padded to a whole number of frames first.
     */
    public Signal encode(float[] audio) {
        int frame = frameSize();
        int frames = Math.max(1, (audio.length + frame - 1) / frame);
        float[] padded = java.util.Arrays.copyOf(audio, frames * frame);
        Signal x = encoder.forward(new Signal(padded, padded.length, 1), encoder.newState());
        Transformer.State state = encoderTransformer.newState(CACHE_LIMIT);
        encoderTransformer.forward(x.data(), x.frames(), state);
        return downsample.forward(x, downsample.newState());
    }

    /** A decoder for one stream of latents: keeps the streaming state between frames. */
    public Decoder newDecoder() {
        return new Decoder();
    }

    /** Decodes one stream, frame by frame. Not thread-safe; one per stream. */
    public final class Decoder {
        private final Object upsampleState = upsample.newState();
        private final Transformer.State transformerState = decoderTransformer.newState(CACHE_LIMIT);
        private final Object[] seanetState = decoder.newState();
        private final float[] projected = new float[quantizerProjection.out()];

        private Decoder() {
        }

        /**
         * Decodes one de-normalised latent ({@code quantizer.dimension} values) into
         * {@link #frameSize()} audio samples.
         */
        public float[] decode(float[] latent) {
            quantizerProjection.forward(latent, 0, 1, projected, 0);
            Signal x = upsample.forward(new Signal(projected, 1, projected.length), upsampleState);
            decoderTransformer.forward(x.data(), x.frames(), transformerState);
            Signal audio = decoder.forward(x, seanetState);
            return java.util.Arrays.copyOf(audio.data(), audio.frames());
        }
    }
}
