package org.pockettts;

import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.api.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.pockettts.audio.Audio;
import org.pockettts.audio.Resampler;
import org.pockettts.audio.WavReader;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.hub.AccessRestrictedException;
import org.pockettts.mimi.Mimi;
import org.pockettts.mimi.Signal;
import org.pockettts.nn.Transformer;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.text.SentencePieceTokenizer;
import org.pockettts.text.Tokenizer;
import org.pockettts.text.TextPreparation;
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
 * its own state, so any number may run at once.
 */
public final class TtsModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TtsModel.class);

    private final ModelConfig config;
    private final FlowLm flowLm;
    private final Mimi mimi;
    private final Tokenizer tokenizer;
    private final boolean voiceCloning;
    private final ModelFiles files;
    private boolean closeFilesOnClose;

    private TtsModel(ModelConfig config, FlowLm flowLm, Mimi mimi, Tokenizer tokenizer,
                     boolean voiceCloning, ModelFiles files) {
        this.config = config;
        this.flowLm = flowLm;
        this.mimi = mimi;
        this.tokenizer = tokenizer;
        this.voiceCloning = voiceCloning;
        this.files = files;
    }

    /** Loads the model described by a YAML configuration whose files are local. */
    public static TtsModel load(Path yaml) {
        return load(ModelConfig.load(yaml), ModelFiles.localOnly());
    }

    /**
     * Loads the model of {@code config}, fetching its files through {@code files}. When the weights
     * cannot be had and the configuration names weights without voice cloning, those are loaded
     * instead: predefined voices then work, voices from audio are refused.
     */
    public static TtsModel load(ModelConfig config, ModelFiles files) {
        boolean cloning = true;
        Path weightsFile;
        try {
            weightsFile = files.resolve(config.weightsPath(), config.baseDir());
        } catch (IOException e) {
            // As the reference: without access to the gated weights, use those without voice cloning.
            if (!(e instanceof AccessRestrictedException) || config.weightsPathWithoutVoiceCloning() == null) {
                throw new ModelFormatException("Cannot load the model weights: " + describe(e), e);
            }
            LOG.warn("Using the weights without voice cloning: {}", describe(e));
            cloning = false;
            try {
                weightsFile = files.resolve(config.weightsPathWithoutVoiceCloning(), config.baseDir());
            } catch (IOException e2) {
                throw new ModelFormatException("Cannot load the model weights: " + describe(e2), e2);
            }
        }
        String tokenizerLocation = config.flowLm().lookupTable().tokenizerPath();
        SentencePieceTokenizer tokenizer;
        try {
            tokenizer = SentencePieceTokenizer.load(files.resolve(tokenizerLocation, config.baseDir()));
        } catch (IOException e) {
            throw new ModelFormatException("Cannot load the tokenizer: " + describe(e), e);
        }
        int bins = config.flowLm().lookupTable().nBins();
        if (tokenizer.vocabSize() != bins) {
            throw new ModelFormatException("The tokenizer " + tokenizerLocation + " has " + tokenizer.vocabSize()
                    + " pieces but the configuration says n_bins: " + bins);
        }
        try (SafeTensors st = SafeTensors.open(weightsFile)) {
            Weights w = new Weights(st);
            FlowLm flowLm = FlowLm.load(config, w);
            Mimi mimi = Mimi.load(config, w);
            Set<String> unused = w.unused();
            if (!unused.isEmpty()) {
                LOG.warn("{} tensors of {} are not used by this model: {}", unused.size(), weightsFile, unused);
            }
            return new TtsModel(config, flowLm, mimi, tokenizer, cloning, files);
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "file not found: " + n.getFile();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
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

    /** Loads the built-in model {@code variant} (e.g. {@code b6369a24}), downloading its files from the Hugging Face Hub. */
    public static TtsModel load(String variant) {
        org.pockettts.hub.HubClient hub = org.pockettts.hub.HubClient.fromEnvironment();
        try {
            TtsModel model = load(ModelConfig.builtin(variant), hub);
            model.closeFilesOnClose = true;
            return model;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    /**
     * A voice by name or location: one of {@link PredefinedVoices#NAMES}, an {@code hf://} or
     * {@code http(s)://} URL, or a local path — of a WAV recording or of a voice embedding
     * ({@code .safetensors}). Remote files are fetched with the model's file resolver.
     *
     * @param maxSeconds recordings longer than this are cut (the reference's server keeps 30 s);
     *     {@link Double#POSITIVE_INFINITY} keeps everything
     */
    public Voice voice(String spec, double maxSeconds) {
        PredefinedVoices.check(spec);
        String location = PredefinedVoices.isPredefined(spec) ? PredefinedVoices.location(spec) : spec;
        if (ModelFiles.isRemote(location)) {
            Path file;
            try {
                file = files.resolve(location, null);
            } catch (IOException e) {
                throw new InvalidInputException("Cannot get the voice " + spec + ": " + describe(e), e);
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
                return voiceFromEmbedding(st.tensor("audio_prompt"), description);
            } catch (ModelFormatException e) {
                throw new InvalidInputException("The voice file " + file + " is not a valid voice embedding: "
                        + e.getMessage(), e);
            }
        }
        return voiceFromAudio(WavReader.read(file, maxSeconds), description);
    }

    /** A voice from a voice embedding {@code audio_prompt} of shape [1, frames, d_model] (or [frames, d_model]). */
    public Voice voiceFromEmbedding(FloatTensor audioPrompt, String description) {
        long[] shape = audioPrompt.shape();
        int dim = flowLm.dim();
        boolean ok = (shape.length == 3 && shape[0] == 1 && shape[2] == dim) || (shape.length == 2 && shape[1] == dim);
        if (!ok || audioPrompt.dim(-2) == 0) {
            throw new InvalidInputException("The voice embedding " + description + " has shape "
                    + java.util.Arrays.toString(shape) + " but this model needs [1, frames, " + dim + "]");
        }
        return prompt(audioPrompt.data(), audioPrompt.dim(-2), description);
    }

    /** A voice cloned from a recording of the speaker. */
    public Voice voiceFromAudio(Audio audio, String description) {
        if (!voiceCloning) {
            throw new InvalidInputException(VOICE_CLONING_UNAVAILABLE);
        }
        if (audio.samples().length == 0) {
            throw new InvalidInputException("The voice recording " + description + " is empty");
        }
        float[] samples = Resampler.resample(audio.samples(), audio.sampleRate(), sampleRate());
        Signal latents = mimi.encode(samples);
        return prompt(flowLm.speakerConditioning(latents.data(), latents.frames()), latents.frames(), description);
    }

    static final String VOICE_CLONING_UNAVAILABLE = "Voice cloning from audio is not available: the weights with"
            + " voice cloning could not be downloaded. Use a predefined voice, or accept the terms at"
            + " https://huggingface.co/kyutai/pocket-tts and set HF_TOKEN to a token of your Hugging Face account.";

    private Voice prompt(float[] conditioning, int frames, String description) {
        int longest = FlowLm.MAX_POSITIONS - 100;
        if (frames > longest) {
            throw new InvalidInputException("The voice prompt " + description + " is too long: " + frames
                    + " frames (" + frames * frameSize() / sampleRate() + " s); at most " + longest + " frames ("
                    + longest * frameSize() / sampleRate() + " s) leave room for speech. Use a shorter recording.");
        }
        Transformer.State state = flowLm.newState();
        flowLm.prompt(state, conditioning, frames);
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
        return stream(voice, text, options, null);
    }

    AudioStream stream(Voice voice, String text, GenerationOptions options, Generation.StepObserver observer) {
        List<Generation.Chunk> chunks = plan(voice, text, options);
        return new Generation(flowLm, mimi, voice::copyState, chunks, options, observer).start();
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
