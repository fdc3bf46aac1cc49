package org.pockettts.mimi;

import java.util.Arrays;
import org.pockettts.api.ModelFormatException;
import org.pockettts.config.ModelConfig;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Gelu;
import org.pockettts.nn.Linear;
import org.pockettts.nn.Transformer;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * Mimi, the neural audio codec: encodes 24 kHz audio into one latent frame per 1920 samples
 * (12.5 Hz) and decodes latents back to audio, frame by frame.
 *
 * <p>Encoding: SEANet encoder (hop 120, 200 Hz) → transformer → strided conv down to 12.5 Hz, from
 * the SEANet dimension to {@code inner_dim} channels (the voice latents). Decoding: projection of a
 * latent to {@code outer_dim} channels → depthwise transposed conv up to 200 Hz → transformer →
 * SEANet decoder. In b6369a24 both dimensions are the SEANet dimension (512); the 2.x packs have
 * {@code inner_dim} 32.
 */
public final class Mimi {

    /** Largest number of positions a Mimi transformer cache holds: far above any real use. */
    private static final int CACHE_LIMIT = 1 << 20;

    /**
     * Latent frames encoded per piece (0.64 s of audio). Encoding piece by piece gives the same
     * numbers as the whole signal at once (the convolutions and the transformer stream), keeps the
     * working memory of a long recording to that of one piece, and lets it be stopped between pieces.
     */
    static final int ENCODE_FRAMES = 8;

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

    private Mimi(ModelConfig config, Weights w, Gelu gelu) {
        this.config = config.mimi();
        ModelConfig.Seanet seanet = this.config.seanet();
        ModelConfig.MimiTransformer t = this.config.transformer();
        int dim = seanet.dimension();
        this.innerDim = config.mimiInnerDim();
        int outerDim = config.mimiOuterDim();
        this.stepsPerFrame = config.mimiStepsPerFrame();
        if (t.dModel() != dim || t.inputDimension() != dim || t.outputDimensions().get(0) != dim) {
            throw new ModelFormatException("Mimi transformers with input or output projections"
                    + " (d_model != seanet.dimension) are not supported");
        }
        if (outerDim != dim) {
            throw new ModelFormatException("Mimi outer_dim (" + outerDim + ") different from seanet.dimension ("
                    + dim + ") is not supported: the decoder's transformer reads what the upsampling gives");
        }
        this.encoder = Seanet.encoder(w.scope("encoder"), seanet);
        this.encoderTransformer = Transformer.load(w.scope("encoder_transformer.transformer"), t.numLayers(),
                t.dModel(), t.numHeads(), t.dimFeedforward(), t.maxPeriod(), true, t.context(), CACHE_LIMIT,
                WeightFormat.AS_STORED, gelu);
        this.downsample = StreamingConv1d.load(w.scope("downsample"), "conv.conv", dim, innerDim, 2 * stepsPerFrame,
                stepsPerFrame, 1, true, false, false);
        int latent = this.config.quantizer().dimension();
        int projected = this.config.quantizer().outputDimension();
        this.quantizerProjection = new Linear(w.scope("quantizer.output_proj").convolution("weight", projected, latent, 1,
                WeightFormat.FLOAT32), null);
        this.upsample = StreamingConvTranspose1d.loadDepthwise(w.scope("upsample"), "convtr.convtr", outerDim,
                2 * stepsPerFrame, stepsPerFrame);
        this.decoderTransformer = Transformer.load(w.scope("decoder_transformer.transformer"), t.numLayers(),
                t.dModel(), t.numHeads(), t.dimFeedforward(), t.maxPeriod(), true, t.context(), CACHE_LIMIT,
                WeightFormat.AS_STORED, gelu);
        this.decoder = Seanet.decoder(w.scope("decoder"), seanet);
    }

    /** Loads Mimi from the {@code mimi.*} tensors, with the exact GELU of pocket-tts 1.0.1 and 2.1.0. */
    public static Mimi load(ModelConfig config, Weights modelWeights) {
        return load(config, modelWeights, Gelu.ERF);
    }

    /** Loads Mimi from the {@code mimi.*} tensors, its two transformers using {@code gelu}. */
    public static Mimi load(ModelConfig config, Weights modelWeights, Gelu gelu) {
        return new Mimi(config, modelWeights.scope("mimi"), gelu);
    }

    /** Audio samples per latent frame. */
    public int frameSize() {
        return config.frameSize();
    }

    public int sampleRate() {
        return config.sampleRate();
    }


    /**
     * Encodes mono audio at {@link #sampleRate()} into latents [frames, innerDim] (time-major), piece
     * by piece, asking {@code cancel} before each piece. The audio is zero-padded to a whole number
     * of frames first.
     */
    public Signal encode(float[] audio, Cancellation cancel) {
        int frame = frameSize();
        int frames = Math.max(1, (int) ((audio.length + (long) frame - 1) / frame));
        float[] latents = new float[Math.multiplyExact(frames, innerDim)];
        float[] piece = new float[ENCODE_FRAMES * frame];
        Seanet.State seanetState = encoder.newState();
        Transformer.State transformerState = encoderTransformer.newState();
        StreamingConv1d.State downsampleState = downsample.newState();
        for (int first = 0; first < frames; first += ENCODE_FRAMES) {
            cancel.check();
            int n = Math.min(ENCODE_FRAMES, frames - first);
            int from = first * frame;
            int copied = Math.max(0, Math.min(n * frame, audio.length - from));
            System.arraycopy(audio, from, piece, 0, copied);
            Arrays.fill(piece, copied, n * frame, 0f);
            Signal x = encoder.forward(new Signal(piece, n * frame, 1), seanetState);
            encoderTransformer.forward(x.data(), x.frames(), transformerState);
            Signal y = downsample.forward(x, downsampleState);
            System.arraycopy(y.data(), 0, latents, first * innerDim, n * innerDim);
        }
        return new Signal(latents, frames, innerDim);
    }

    /** A decoder for one stream of latents: keeps the streaming state between frames. */
    public Decoder newDecoder() {
        return new Decoder();
    }

    /** Decodes one stream, frame by frame. Not thread-safe; one per stream. */
    public final class Decoder {
        private final StreamingConvTranspose1d.State upsampleState = upsample.newState();
        private final Transformer.State transformerState = decoderTransformer.newState();
        private final Seanet.State seanetState = decoder.newState();
        private final float[] projected = new float[quantizerProjection.out()];

        private Decoder() {
        }

        /**
         * Decodes one de-normalised latent ({@code quantizer.dimension} values) into
         * {@link #frameSize()} audio samples, in a new array.
         */
        public float[] decode(float[] latent) {
            quantizerProjection.forward(latent, 0, 1, projected, 0);
            Signal x = upsample.forward(new Signal(projected, 1, projected.length), upsampleState);
            decoderTransformer.forward(x.data(), x.frames(), transformerState);
            Signal audio = decoder.forward(x, seanetState);
            return Arrays.copyOf(audio.data(), audio.frames());
        }
    }
}
