package org.pockettts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.api.TensorSource;
import org.pockettts.audio.Audio;
import org.pockettts.audio.Resampler;
import org.pockettts.audio.WavReader;
import org.pockettts.config.Catalog;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.hub.HubClient;
import org.pockettts.mimi.Mimi;
import org.pockettts.mimi.Signal;
import org.pockettts.kernels.KernelWarmup;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.WeightFormat;
import org.pockettts.safetensors.SafeTensors;
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
 * static {@code load} methods are its common cases. It reproduces one release of the reference,
 * its {@link #compat()}: by default the one its configuration was published with (1.0 for the
 * built-in variant, 3.3 for the built-in languages and configuration files).
 */
public final class TtsModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtsModel.class);

    private final ModelConfig config;
    private final Compat compat;
    private final Behaviour behaviour;
    private final FlowLm flowLm;
    private final Mimi mimi;
    private final Tokenizer tokenizer;
    private final boolean voiceCloning;
    private final ModelFiles files;
    private final boolean closeFilesOnClose;
    private final SpeechPlanner speech;
    private final boolean quantized;
    private final ModelMemory memory;
    private final WeightReaders readers = new WeightReaders();
    private final VoiceReader voices;

    private TtsModel(ModelConfig config, Compat compat, Behaviour behaviour, ModelLoader.Parts parts,
                     ModelFiles files, boolean closeFilesOnClose, boolean quantized) {
        this.config = config;
        this.compat = compat;
        this.behaviour = behaviour;
        this.quantized = quantized;
        this.memory = parts.memory();
        this.flowLm = parts.flowLm();
        this.mimi = parts.mimi();
        this.voiceCloning = parts.voiceCloning();
        this.tokenizer = parts.tokenizer();
        this.files = files;
        this.closeFilesOnClose = closeFilesOnClose;
        this.speech = SpeechPlanner.of(config, behaviour, tokenizer);
        this.voices = new VoiceReader(flowLm, behaviour, mimi.frameSize(), mimi.sampleRate());
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
        private Compat compat;
        private Behaviour behaviour;
        private boolean quantize;

        private Builder(ModelConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Which release of the reference to reproduce. Default: the configuration's
         * ({@code config.catalog().compat()}): 1.0 for the built-in variant, 3.3 for the built-in
         * languages and configuration files.
         */
        public Builder compat(Compat value) {
            this.compat = Objects.requireNonNull(value, "compat");
            this.behaviour = null;
            return this;
        }

        /**
         * Whether to quantize FlowLM's transformer to int8 at load ({@code --quantize}): its
         * attention projections and feed-forward matrices, one scale per output channel, with the
         * activations quantized per row as they are multiplied. The flow network, Mimi, the
         * embeddings and the EOS head stay float. Faster steps and less memory, at the cost of
         * approximate output (the golden tests hold for unquantized models). Default: false.
         */
        public Builder quantize(boolean value) {
            this.quantize = value;
            return this;
        }

        /** Switches of a behaviour set one by one, for tests that turn one off. */
        Builder behaviour(Behaviour value) {
            this.behaviour = value;
            return this;
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
         * Plans texts as the model would ({@link TtsModel#plan}) with its tokenizer alone: the
         * weights are neither read nor fetched, so a text can be checked in a fraction of a second.
         *
         * @throws ModelFormatException when the tokenizer is missing, unreadable or does not fit the configuration
         */
        public TextPlanner planner() {
            Behaviour b = behaviour != null ? behaviour : Behaviour.of(compat != null ? compat : config.catalog().compat());
            return new TextPlanner(SpeechPlanner.of(config, b, ModelLoader.tokenizer(config, files, tokenizer)));
        }

        /**
         * Loads the model. When the configuration's weights cannot be had for lack of access and
         * it names weights without voice cloning, those are loaded instead: predefined voices then
         * work, voices from audio are refused.
         *
         * @throws ModelFormatException when a file is missing, unreadable or does not fit the configuration
         */
        public TtsModel load() {
            KernelWarmup.start(quantize);
            Compat c = compat != null ? compat : config.catalog().compat();
            Behaviour b = behaviour != null ? behaviour : Behaviour.of(c);
            WeightFormat projections = quantize ? WeightFormat.INT8 : WeightFormat.AS_STORED;
            return new TtsModel(config, c, b, ModelLoader.load(config, files, weights, tokenizer, b.gelu(), projections),
                    files, ownFiles, quantize);
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

    /** The release of the reference this model reproduces. */
    public Compat compat() {
        return compat;
    }

    /** Whether FlowLM's transformer was quantized to int8 at load ({@link Builder#quantize}). */
    public boolean quantized() {
        return quantized;
    }

    /** The names of the model's predefined voices, in its publisher's order. */
    public List<String> voiceNames() {
        return config.catalog().voices();
    }

    /** The voice used when none is given. */
    public String defaultVoiceName() {
        return config.catalog().defaultVoice();
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
     * A voice by name or location: one of {@link #voiceNames()}, an {@code hf://} or
     * {@code http(s)://} URL, or a local path — of a WAV recording or of a voice file
     * ({@code .safetensors}: a voice embedding of pocket-tts 1.x or a model state of 2.x and 3.x).
     * Remote files are fetched with the model's file resolver.
     *
     * @param maxSeconds recordings longer than this are cut (the reference's server keeps 30 s);
     *     {@link Double#POSITIVE_INFINITY} keeps everything the model can take
     */
    public Voice voice(String spec, double maxSeconds) {
        Catalog catalog = config.catalog();
        catalog.check(spec);
        String location = catalog.isPredefined(spec) ? catalog.location(spec) : spec;
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
     * A voice from a file: a voice file ({@code .safetensors}: a voice embedding holding
     * {@code audio_prompt}, or a model state) or a WAV recording of the speaker (a few seconds of
     * clean speech).
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
                return voice(voices.readFile(st, file.toString(), description));
            } catch (ModelFormatException e) {
                throw VoiceReader.notAVoiceFile(file.toString(), e);
            }
        }
        return voiceFromAudio(WavReader.read(file, Math.min(maxSeconds, voices.longestRecordingSeconds())), description);
    }

    /**
     * Reads a voice from the bytes of a voice file ({@code .safetensors}: a voice embedding or a model
     * state) or of a WAV recording, and checks it against this model, without encoding or prompting
     * anything: {@link #voice(VoiceInput)} does that.
     *
     * @param description names the voice in messages and in the {@link Voice}
     * @param maxSeconds recordings longer than this are cut
     * @throws InvalidInputException when the bytes are no voice this model can use (the message says
     *     why), or are a recording and the model cannot clone voices
     */
    public VoiceInput readVoice(byte[] bytes, String description, double maxSeconds) {
        if (VoiceInput.isVoiceFile(bytes)) {
            try (SafeTensors st = SafeTensors.of(description, bytes)) {
                return voices.readFile(st, description, description);
            } catch (ModelFormatException e) {
                throw VoiceReader.notAVoiceFile(description, e);
            }
        }
        if (!voiceCloning) {
            throw new InvalidInputException(VOICE_CLONING_UNAVAILABLE);
        }
        Audio audio = WavReader.read(bytes, description, Math.min(maxSeconds, voices.longestRecordingSeconds()));
        voices.checkRecording(audio, description);
        return new VoiceInput(description, flowLm, new VoiceInput.Recording(audio));
    }

    /**
     * The voice {@code input} holds: a recording is encoded and prompted, an embedding prompted, a
     * model state taken as it is.
     *
     * @throws IllegalArgumentException when {@code input} was read by another model
     */
    public Voice voice(VoiceInput input) {
        if (input.flowLm() != flowLm) {
            throw new IllegalArgumentException("The voice " + input.description() + " was read by another model");
        }
        String description = input.description();
        return switch (input.content()) {
            case VoiceInput.Recording r -> voiceFromAudio(r.audio(), description);
            case VoiceInput.Embedding e -> prompt(e.conditioning(), e.frames(), description);
            case VoiceInput.State s -> new Voice(description, null, (int) s.state().length(), flowLm, s.state(),
                    behaviour);
        };
    }

    /**
     * A voice from a voice embedding: {@code frames} rows of {@code d_model} values, as
     * {@link Voice#conditioning()} gives them and voice files hold them ({@code audio_prompt}).
     */
    public Voice voiceFromEmbedding(float[] conditioning, int frames, String description) {
        int dim = flowLm.dim();
        if (frames <= 0 || conditioning.length != (long) frames * dim) {
            throw voices.embeddingShape(description, conditioning.length + " values for " + frames + " frames");
        }
        return prompt(conditioning.clone(), frames, description);
    }

    /** A voice cloned from a recording of the speaker. */
    public Voice voiceFromAudio(Audio audio, String description) {
        if (!voiceCloning) {
            throw new InvalidInputException(VOICE_CLONING_UNAVAILABLE);
        }
        voices.checkRecording(audio, description);
        readers.enter();
        try {
            float[] resampled = Resampler.resample(audio.samples(), audio.sampleRate(), sampleRate());
            if (behaviour.voicePromptEndsOnPause()) {
                resampled = EndOnPause.apply(resampled, sampleRate());
            }
            Signal latents = mimi.encode(resampled, readers.cancellation());
            return prompt(flowLm.speakerConditioning(latents.data(), latents.frames()), latents.frames(), description);
        } catch (CancellationException e) {
            throw stopped(description, e);
        } finally {
            readers.exit();
        }
    }

    static final String VOICE_CLONING_UNAVAILABLE = "Voice cloning from audio is not available: the weights with"
            + " voice cloning could not be downloaded. Use a predefined voice, or accept the terms at"
            + " https://huggingface.co/kyutai/pocket-tts and set HF_TOKEN to a token of your Hugging Face account.";

    /** Why preparing a voice stopped: its thread was interrupted, or the model was closed. */
    private PocketTtsException stopped(String description, CancellationException e) {
        return new PocketTtsException((readers.isClosed() ? "The model was closed while preparing the voice "
                : "Interrupted while preparing the voice ") + description, e);
    }

    private Voice prompt(float[] conditioning, int frames, String description) {
        voices.checkLength(frames, description);
        FlowLm.State state = flowLm.newState();
        readers.enter();
        try {
            flowLm.prompt(state, flowLm.voicePrompt(conditioning, frames), flowLm.voicePromptRows(frames),
                    readers.cancellation());
        } catch (CancellationException e) {
            throw stopped(description, e);
        } finally {
            readers.exit();
        }
        return new Voice(description, conditioning, frames, flowLm, state, behaviour);
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
        GenerationOptions resolved = resolve(options);
        List<Generation.Segment> segments = segments(voice, text, resolved);
        float[] fadeIn = behaviour.chunkFadeIn() ? TorchLinspace.of(0f, 1f, sampleRate() / FADE_IN_DIVISOR) : null;
        Generation.Settings settings = new Generation.Settings(behaviour.eosMinimumFrames(), fadeIn, frameSize(),
                sampleRate());
        return new Generation(flowLm, mimi, voice::continueState, segments, resolved, settings, probe, readers).start();
    }

    /** The fade-in of each chunk lasts {@code sample_rate / 200} samples (5 ms, 120 at 24 kHz), as in 3.3. */
    static final int FADE_IN_DIVISOR = 200;

    /**
     * The options as this model uses them, with the temperature settled: the caller's, else the
     * configuration's {@code default_temperature} when the behaviour takes it from there, else 0.7.
     * {@link #stream} does this itself; a caller that wants every option checked before it starts
     * (a server, before a request waits for a generation) calls it first.
     *
     * @throws InvalidInputException when an option does not fit the settled temperature (a noise
     *     clamp too small for it)
     */
    public GenerationOptions resolve(GenerationOptions options) {
        if (options.temperature() != null) {
            return options;
        }
        return options.withTemperature(behaviour.defaultTemperatureFromConfig()
                ? (float) config.options().defaultTemperature() : GenerationOptions.DEFAULT_TEMPERATURE);
    }

    /**
     * What {@code text} becomes for this model: its pause markup parsed (a text without markup is one
     * chunk of text, prepared exactly as before), numbers read aloud in the model's language when
     * {@link GenerationOptions#normalize()} asks, then each text planned with the behaviour's text
     * rules; pauses become exact silence. Nothing is generated.
     *
     * @throws InvalidInputException for an empty text, malformed pause markup, or normalisation asked
     *     in a language without number rules
     */
    public SpeechPlan plan(String text, GenerationOptions options) {
        return speech.plan(text, options);
    }

    /** The segments of {@code text} for {@code voice}, each chunk checked to fit the context after the voice. */
    List<Generation.Segment> segments(Voice voice, String text, GenerationOptions options) {
        List<Generation.Segment> segments = speech.segments(text, options);
        for (Generation.Segment segment : segments) {
            if (segment instanceof Generation.Speech s && voice.positions() + s.tokens().length + 1 > FlowLm.MAX_POSITIONS) {
                throw new InvalidInputException("A sentence is too long for the model's context: " + s.tokens().length
                        + " tokens plus the voice's " + voice.positions() + " positions exceed " + FlowLm.MAX_POSITIONS
                        + " positions. Split it into shorter sentences: \"" + abbreviate(s.text()) + "\"");
            }
        }
        return segments;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    /**
     * Frees the model's weights (native memory and the mapped weights file) and the file resolver
     * it created for itself (see {@link #load(String)}). Generations still running end with a
     * {@link PocketTtsException} ("The model was closed while this generation was running", from
     * their stream's {@code hasNext()}, after the frames already made) and a voice being prepared
     * with one saying so; the memory is freed once they have stopped, within a frame. Afterwards,
     * starting a generation or preparing a voice throws {@link IllegalStateException}; voices stay
     * usable for {@link Voice#save}. Closing again does nothing.
     */
    @Override
    public void close() {
        readers.close(() -> {
            memory.close();
            if (closeFilesOnClose && files instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.debug("closing the file resolver failed", e);
                }
            }
        });
    }
}
