package org.pockettts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.api.TensorSource;
import org.pockettts.audio.Audio;
import org.pockettts.audio.Resampler;
import org.pockettts.audio.WavReader;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.hub.HubClient;
import org.pockettts.mimi.Mimi;
import org.pockettts.mimi.Signal;
import org.pockettts.nn.Cancellation;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.text.TextPreparation;
import org.pockettts.api.Tokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded Pocket TTS model: text in, 24 kHz speech out, in the voice of a short audio prompt.
 *
 * <pre>{@code
 * try (TtsModel model = TtsModel.load(Path.of("model.yaml"))) {
 *     Voice voice = model.voice(Path.of("speaker.wav"));
 *     float[] audio = model.generate(voice, "Hello world.");
 * }
 * }</pre>
 *
 * <p>A model is immutable once loaded and safe to share between threads: every generation keeps
 * its own state, so any number may run at once. Every model is made by {@link Builder#load()}; the
 * static {@code load} methods are its common cases.
 */
public final class TtsModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtsModel.class);

    /** Voice prompts longer than this many frames are refused: they would leave too little of the context for speech. */
    static final int LONGEST_VOICE_FRAMES = FlowLm.MAX_POSITIONS - 100;

    private final ModelConfig config;
    private final FlowLm flowLm;
    private final Mimi mimi;
    private final Tokenizer tokenizer;
    private final boolean voiceCloning;
    private final ModelFiles files;
    private final boolean closeFilesOnClose;

    private TtsModel(ModelConfig config, ModelLoader.Parts parts, ModelFiles files, boolean closeFilesOnClose) {
        this.config = config;
        this.flowLm = parts.flowLm();
        this.mimi = parts.mimi();
        this.voiceCloning = parts.voiceCloning();
        this.tokenizer = parts.tokenizer();
        this.files = files;
        this.closeFilesOnClose = closeFilesOnClose;
    }

    /** Starts describing the model of {@code config}; {@link Builder#load()} loads it. */
    public static Builder builder(ModelConfig config) {
        return new Builder(config);
    }

    /**
     * How to load a model: from its configuration's files (the default), or with weights and a
     * tokenizer supplied by the caller, such as a benchmark's seeded random weights of the real
     * sizes. Whatever their source, they go through the same checks, and the model they make
     * prompts voices and plans text as every other.
     */
    public static final class Builder {
        private final ModelConfig config;
        private ModelFiles files = ModelFiles.localOnly();
        private TensorSource weights;
        private Tokenizer tokenizer;
        private boolean ownFiles;

        private Builder(ModelConfig config) {
            this.config = config;
        }

        /** Resolves the configuration's file locations (weights, tokenizer) and remote voices. Default: local files only. */
        public Builder files(ModelFiles files) {
            this.files = files;
            return this;
        }

        /** The model's tensors, instead of the configuration's weights file; the model then clones voices. */
        public Builder weights(TensorSource weights) {
            this.weights = weights;
            return this;
        }

        /** The tokenizer, instead of the configuration's; its vocabulary must have {@code n_bins} pieces. */
        public Builder tokenizer(Tokenizer tokenizer) {
            this.tokenizer = tokenizer;
            return this;
        }

        /** Closes {@link #files} with the model: for a resolver made for this model alone. */
        private Builder ownFiles() {
            this.ownFiles = true;
            return this;
        }

        /**
         * Loads the model. When the configuration's weights cannot be had for lack of access and
         * it names weights without voice cloning, those are loaded instead: predefined voices then
         * work, voices from audio are refused.
         *
         * @throws ModelFormatException when a file is missing, unreadable or does not fit the configuration
         */
        public TtsModel load() {
            return new TtsModel(config, ModelLoader.load(config, files, weights, tokenizer), files, ownFiles);
        }
    }

    /** Loads the model described by a YAML configuration whose files are local. */
    public static TtsModel load(Path yaml) {
        return builder(ModelConfig.load(yaml)).load();
    }

    /** Loads the model of {@code config}, fetching its files through {@code files}. */
    public static TtsModel load(ModelConfig config, ModelFiles files) {
        return builder(config).files(files).load();
    }

    /** Loads the built-in model {@code variant} (e.g. {@code b6369a24}), downloading its files from the Hugging Face Hub. */
    public static TtsModel load(String variant) {
        HubClient hub = HubClient.fromEnvironment();
        try {
            return builder(ModelConfig.builtin(variant)).files(hub).ownFiles().load();
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Output sample rate (24000). */
    public int sampleRate() {
        return mimi.sampleRate();
    }

    /** Samples per generated frame (1920). */
    public int frameSize() {
        return mimi.frameSize();
    }

    /** Whether voices can be made from audio (false when only the weights without voice cloning were available). */
    public boolean hasVoiceCloning() {
        return voiceCloning;
    }

    /** The tokenizer of the model. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * A voice by name or location: one of {@link PredefinedVoices#NAMES}, an {@code hf://} or
     * {@code http(s)://} URL, or a local path — of a WAV recording or of a voice embedding
     * ({@code .safetensors}). Remote files are fetched with the model's file resolver.
     *
     * @param maxSeconds recordings longer than this are cut (the reference's server keeps 30 s);
     *     {@link Double#POSITIVE_INFINITY} keeps everything the model can take
     */
    public Voice voice(String spec, double maxSeconds) {
        PredefinedVoices.check(spec);
        String location = PredefinedVoices.isPredefined(spec) ? PredefinedVoices.location(spec) : spec;
        if (ModelFiles.isRemote(location)) {
            Path file;
            try {
                file = files.resolve(location, null);
            } catch (IOException e) {
                throw new InvalidInputException("Cannot get the voice " + spec + ": " + ModelLoader.describe(e), e);
            }
            return voice(file, maxSeconds, spec);
        }
        return voice(Path.of(spec), maxSeconds, spec);
    }

    /** {@link #voice(String, double)} keeping the whole recording. */
    public Voice voice(String spec) {
        return voice(spec, Double.POSITIVE_INFINITY);
    }

    /**
     * A voice from a file: a voice embedding ({@code .safetensors} holding {@code audio_prompt}) or
     * a WAV recording of the speaker (a few seconds of clean speech).
     */
    public Voice voice(Path file) {
        return voice(file, Double.POSITIVE_INFINITY, file.getFileName().toString());
    }

    /** {@link #voice(Path)}, cutting recordings after {@code maxSeconds}. */
    public Voice voice(Path file, double maxSeconds) {
        return voice(file, maxSeconds, file.getFileName().toString());
    }

    private Voice voice(Path file, double maxSeconds, String description) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("Voice file not found: " + file);
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
            try (SafeTensors st = SafeTensors.open(file)) {
                if (!st.contains("audio_prompt")) {
                    throw new InvalidInputException("The voice file " + file + " holds no 'audio_prompt' tensor;"
                            + " it is not a voice embedding (tensors: " + st.names() + ")");
                }
                FloatTensor prompt = st.tensor("audio_prompt");
                long[] shape = prompt.shape();
                boolean ok = (shape.length == 3 && shape[0] == 1) || shape.length == 2;
                if (!ok || shape[shape.length - 1] != flowLm.dim() || shape[shape.length - 2] == 0) {
                    throw embeddingShape(description, Arrays.toString(shape));
                }
                return voiceFromEmbedding(prompt.data(), prompt.dim(-2), description);
            } catch (ModelFormatException e) {
                throw new InvalidInputException("The voice file " + file + " is not a valid voice embedding: "
                        + e.getMessage(), e);
            }
        }
        // Read no more than the longest prompt the model takes (and a frame, to tell a longer one).
        double longest = (LONGEST_VOICE_FRAMES + 1) * (double) frameSize() / sampleRate();
        return voiceFromAudio(WavReader.read(file, Math.min(maxSeconds, longest)), description);
    }

    /**
     * A voice from a voice embedding: {@code frames} rows of {@code d_model} values, as
     * {@link Voice#conditioning()} gives them and voice files hold them ({@code audio_prompt}).
     */
    public Voice voiceFromEmbedding(float[] conditioning, int frames, String description) {
        int dim = flowLm.dim();
        if (frames <= 0 || conditioning.length != (long) frames * dim) {
            throw embeddingShape(description, conditioning.length + " values for " + frames + " frames");
        }
        return prompt(conditioning.clone(), frames, description);
    }

    private InvalidInputException embeddingShape(String description, String shape) {
        return new InvalidInputException("The voice embedding " + description + " has shape " + shape
                + " but this model needs [1, frames, " + flowLm.dim() + "]");
    }

    /** A voice cloned from a recording of the speaker. */
    public Voice voiceFromAudio(Audio audio, String description) {
        if (!voiceCloning) {
            throw new InvalidInputException(VOICE_CLONING_UNAVAILABLE);
        }
        if (audio.samples().length == 0) {
            throw new InvalidInputException("The voice recording " + description + " is empty");
        }
        long samples = Resampler.outputLength(audio.samples().length, audio.sampleRate(), sampleRate());
        checkVoiceLength((samples + frameSize() - 1) / frameSize(), description);
        try {
            float[] resampled = Resampler.resample(audio.samples(), audio.sampleRate(), sampleRate());
            Signal latents = mimi.encode(resampled, Cancellation.ON_INTERRUPT);
            return prompt(flowLm.speakerConditioning(latents.data(), latents.frames()), latents.frames(), description);
        } catch (CancellationException e) {
            throw interrupted(description, e);
        }
    }

    static final String VOICE_CLONING_UNAVAILABLE = "Voice cloning from audio is not available: the weights with"
            + " voice cloning could not be downloaded. Use a predefined voice, or accept the terms at"
            + " https://huggingface.co/kyutai/pocket-tts and set HF_TOKEN to a token of your Hugging Face account.";

    private void checkVoiceLength(long frames, String description) {
        if (frames > LONGEST_VOICE_FRAMES) {
            throw new InvalidInputException("The voice prompt " + description + " is too long: " + frames
                    + " frames (" + frames * frameSize() / sampleRate() + " s); at most " + LONGEST_VOICE_FRAMES
                    + " frames (" + LONGEST_VOICE_FRAMES * frameSize() / sampleRate() + " s) leave room for speech."
                    + " Use a shorter recording.");
        }
    }

    private static PocketTtsException interrupted(String description, CancellationException e) {
        return new PocketTtsException("Interrupted while preparing the voice " + description, e);
    }

    private Voice prompt(float[] conditioning, int frames, String description) {
        checkVoiceLength(frames, description);
        FlowLm.State state = flowLm.newState();
        try {
            flowLm.prompt(state, conditioning, frames, Cancellation.ON_INTERRUPT);
        } catch (CancellationException e) {
            throw interrupted(description, e);
        }
        return new Voice(description, conditioning, frames, flowLm.dim(), state);
    }

    /** Speaks {@code text} in {@code voice} with default options; returns the whole audio. */
    public float[] generate(Voice voice, String text) {
        return generate(voice, text, GenerationOptions.defaults());
    }

    /** Speaks {@code text} in {@code voice}; returns the whole audio. */
    public float[] generate(Voice voice, String text, GenerationOptions options) {
        try (AudioStream stream = stream(voice, text, options)) {
            return stream.readAll();
        }
    }

    /** Starts speaking {@code text} in {@code voice}; frames arrive on the returned stream as they are decoded. */
    public AudioStream stream(Voice voice, String text, GenerationOptions options) {
        return stream(voice, text, options, Generation.Probe.NONE);
    }

    AudioStream stream(Voice voice, String text, GenerationOptions options, Generation.Probe probe) {
        List<Generation.Chunk> chunks = plan(voice, text, options);
        return new Generation(flowLm, mimi, voice::copyState, chunks, options, config.mimi().frameRate(), probe)
                .start();
    }

    /** Cuts the text into chunks and works out each chunk's tokens and length limits. */
    List<Generation.Chunk> plan(Voice voice, String text, GenerationOptions options) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("The text is empty: give some text to speak");
        }
        List<String> pieces = TextPreparation.splitIntoBestSentences(tokenizer, text, options.maxTokensPerChunk());
        List<Generation.Chunk> chunks = new ArrayList<>();
        for (String piece : pieces) {
            int[] tokens = tokenizer.encode(piece);
            if (voice.frames() + tokens.length + 1 > FlowLm.MAX_POSITIONS) {
                throw new InvalidInputException("A sentence is too long for the model's context: " + tokens.length
                        + " tokens plus the voice's " + voice.frames() + " frames exceed " + FlowLm.MAX_POSITIONS
                        + " positions. Split it into shorter sentences: \"" + abbreviate(piece) + "\"");
            }
            chunks.add(Generation.Chunk.of(piece, tokens, options.framesAfterEos(), config.mimi().frameRate()));
        }
        return chunks;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /** Releases the file resolver this model created for itself (see {@link #load(String)}). */
    @Override
    public void close() {
        if (closeFilesOnClose && files instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing the file resolver failed", e);
            }
        }
    }
}
