package org.pockettts.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;

/**
 * A model configuration in the reference's YAML format (the schema of pocket-tts 3.3): where the
 * weights and the tokenizer are, the sizes of the FlowLM and Mimi networks, and the options of the
 * 2.x and 3.x configurations. Unknown keys are an error, as in the reference.
 *
 * <p>Locations ({@code weights_path}, {@code tokenizer_path}) are kept as written: {@code hf://},
 * {@code http(s)://} or a file path. A relative file path is relative to the folder of the YAML
 * file, recorded in {@link #baseDir()}; in a configuration read from a URL it is made relative to
 * that URL when the configuration is read.
 *
 * @param weightsPath the weights file of the whole model
 * @param weightsPathWithoutVoiceCloning weights to fall back on when {@code weightsPath} cannot be
 *     had (no voice cloning from audio then); may be null
 * @param flowLm the FlowLM part
 * @param mimi the Mimi codec part
 * @param options the root options of 2.x and 3.x configurations
 * @param catalog the behaviour, language and predefined voices the model was published with
 * @param source where the configuration was read from, for messages
 * @param baseDir the folder relative locations are resolved against; null for built-in configs
 */
public record ModelConfig(
        String weightsPath,
        String weightsPathWithoutVoiceCloning,
        FlowLm flowLm,
        Mimi mimi,
        Options options,
        Catalog catalog,
        String source,
        Path baseDir) {

    /** The variant the reference uses by default. */
    public static final String DEFAULT_VARIANT = "b6369a24";

    /** FlowLM: the autoregressive transformer with its text table and flow head. */
    public record FlowLm(String dtype, Flow flow, Transformer transformer, LookupTable lookupTable,
                         String weightsPath, boolean insertBosBeforeVoice) {
    }

    /** The flow MLP ("flow_net") and how it samples ({@code type}, default lsd). */
    public record Flow(int dim, int depth, SamplerType type) {
    }

    /**
     * The root options of pocket-tts 2.x and 3.x configurations; which of them are honoured is up to
     * the behaviour ({@link Compat}).
     *
     * @param modelRecommendedFramesAfterEos {@code model_recommended_frames_after_eos}: frames after
     *     the end of speech when the caller gives none; null for the per-chunk guess
     * @param text the text options
     * @param defaultTemperature {@code default_temperature} (default 0.3): the temperature when the
     *     caller gives none, under 3.3
     */
    public record Options(Integer modelRecommendedFramesAfterEos, TextOptions text, double defaultTemperature) {

        /** The options of a configuration that sets none. */
        public static final Options DEFAULTS = new Options(null, TextOptions.DEFAULTS, DEFAULT_TEMPERATURE);
    }

    /** {@code default_temperature} when a configuration does not set it. */
    public static final double DEFAULT_TEMPERATURE = 0.3;

    /** The FlowLM transformer. */
    public record Transformer(int dModel, int hiddenScale, int maxPeriod, int numHeads, int numLayers) {
    }

    /** The text embedding table and its tokenizer. */
    public record LookupTable(int dim, int nBins, String tokenizer, String tokenizerPath) {
    }

    /** Mimi, the audio codec. */
    public record Mimi(String dtype, int sampleRate, int channels, double frameRate, Seanet seanet,
                       MimiTransformer transformer, Quantizer quantizer, String weightsPath,
                       Integer innerDim, Integer outerDim) {

        /** Audio samples per latent frame (1920 at 24 kHz and 12.5 Hz). */
        public int frameSize() {
            return (int) Math.round(sampleRate / frameRate);
        }
    }

    /** The SEANet convolutional encoder and decoder. */
    public record Seanet(int dimension, int channels, int nFilters, int nResidualLayers, List<Integer> ratios,
                         int kernelSize, int residualKernelSize, int lastKernelSize, int dilationBase,
                         String padMode, int compress) {

        /** Product of the ratios: audio samples per encoder step. */
        public int hopLength() {
            int hop = 1;
            for (int r : ratios) {
                hop *= r;
            }
            return hop;
        }
    }

    /** The Mimi encoder and decoder transformers. */
    public record MimiTransformer(int dModel, int inputDimension, List<Integer> outputDimensions, int numHeads,
                                  int numLayers, double layerScale, int context, double maxPeriod,
                                  int dimFeedforward) {
    }

    /** The latent projection ("quantizer" without quantization). */
    public record Quantizer(int dimension, int outputDimension) {
    }

    /** The built-in configuration of {@code variant} (e.g. {@code b6369a24}). */
    public static ModelConfig builtin(String variant) {
        String resource = variant + ".yaml";
        try (InputStream in = ModelConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ModelFormatException("Unknown model variant '" + variant + "'; available: "
                        + DEFAULT_VARIANT + " (or pass the path of a YAML configuration)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + resource, null)
                    .withCatalog(Languages.VARIANT_CATALOG);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read built-in configuration " + resource, e);
        }
    }

    /** Reads a YAML configuration file; relative locations in it are relative to its folder. */
    public static ModelConfig load(Path yaml) {
        String text;
        try {
            text = Files.readString(yaml, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("Model configuration not found: " + yaml);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read model configuration " + yaml + ": " + e.getMessage(), e);
        }
        Path dir = yaml.toAbsolutePath().getParent();
        return parse(text, yaml.toString(), dir);
    }

    /**
     * Reads a configuration from a local path or from an {@code hf://} or {@code http(s)://} URL,
     * which {@code files} fetches (and caches, as it does model files). Relative locations inside a
     * remote configuration are relative to the configuration's own location.
     *
     * @throws ModelFormatException when the file cannot be had or is not a valid configuration
     */
    public static ModelConfig load(String location, ModelFiles files) {
        if (!ModelFiles.isRemote(location)) {
            return load(Path.of(location));
        }
        Path file;
        try {
            file = files.resolve(location, null);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot get the model configuration " + location + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read model configuration " + location + ": " + e.getMessage(), e);
        }
        ModelConfig config = parse(text, location, null);
        return config.withLocations(p -> RemoteLocations.resolve(p, location));
    }

    /** Parses YAML text; {@code baseDir} anchors relative locations (null: the working directory). */
    public static ModelConfig parse(String yaml, String source, Path baseDir) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ModelFormatException("Invalid model configuration " + source + ": not valid YAML ("
                    + e.getOriginalMessage() + ")");
        }
        ConfigNode top = new ConfigNode(source, "", root);
        String weights = top.optionalText("weights_path");
        String fallback = top.optionalText("weights_path_without_voice_cloning");
        Options options = readOptions(top);
        FlowLm flowLm = readFlowLm(top.child("flow_lm"));
        Mimi mimi = readMimi(top.child("mimi"));
        top.finish();
        ModelConfig config = new ModelConfig(weights, fallback, flowLm, mimi, options, Catalog.forFile(), source,
                baseDir);
        config.validate(top);
        return config;
    }

    private static Options readOptions(ConfigNode top) {
        Integer frames = top.optionalInteger("model_recommended_frames_after_eos");
        if (frames != null && frames < 0) {
            throw top.error("'model_recommended_frames_after_eos' must be 0 or more, got " + frames);
        }
        TextOptions d = TextOptions.DEFAULTS;
        TextOptions text;
        try {
            text = new TextOptions(top.bool("pad_with_spaces_for_short_inputs", d.padWithSpacesForShortInputs()),
                    top.bool("remove_semicolons", d.removeSemicolons()),
                    top.bool("append_terminal_punctuation", d.appendTerminalPunctuation()),
                    top.bool("capitalize_first_letter", d.capitalizeFirstLetter()),
                    top.stringMap("replace_characters"));
        } catch (IllegalArgumentException e) {
            throw top.error(e.getMessage());
        }
        double temperature = top.number("default_temperature", DEFAULT_TEMPERATURE);
        if (!(temperature >= 0 && temperature <= 10)) {
            throw top.error("'default_temperature' must be from 0 to 10, got " + temperature);
        }
        return new Options(frames, text, temperature);
    }

    private static FlowLm readFlowLm(ConfigNode n) {
        String dtype = n.text("dtype");
        ConfigNode f = n.child("flow");
        String type = f.optionalText("type");
        SamplerType sampler = type == null ? SamplerType.LSD : SamplerType.of(type);
        if (sampler == null) {
            throw f.error("'flow_lm.flow.type' must be lsd, flow_matching or drifting, got " + type);
        }
        Flow flow = new Flow(f.integer("dim"), f.integer("depth"), sampler);
        f.finish();
        ConfigNode t = n.child("transformer");
        Transformer transformer = new Transformer(t.integer("d_model"), t.integer("hidden_scale"),
                t.integer("max_period"), t.integer("num_heads"), t.integer("num_layers"));
        t.finish();
        ConfigNode l = n.child("lookup_table");
        LookupTable table = new LookupTable(l.integer("dim"), l.integer("n_bins"), l.text("tokenizer"),
                l.text("tokenizer_path"));
        l.finish();
        String weights = n.optionalText("weights_path");
        boolean bos = n.bool("insert_bos_before_voice", false);
        n.finish();
        return new FlowLm(dtype, flow, transformer, table, weights, bos);
    }

    private static Mimi readMimi(ConfigNode n) {
        String dtype = n.text("dtype");
        int rate = n.integer("sample_rate");
        int channels = n.integer("channels");
        double frameRate = n.number("frame_rate");
        ConfigNode s = n.child("seanet");
        Seanet seanet = new Seanet(s.integer("dimension"), s.integer("channels"), s.integer("n_filters"),
                s.integer("n_residual_layers"), s.integers("ratios"), s.integer("kernel_size"),
                s.integer("residual_kernel_size"), s.integer("last_kernel_size"), s.integer("dilation_base"),
                s.text("pad_mode"), s.integer("compress"));
        s.finish();
        ConfigNode t = n.child("transformer");
        MimiTransformer transformer = new MimiTransformer(t.integer("d_model"), t.integer("input_dimension"),
                t.integers("output_dimensions"), t.integer("num_heads"), t.integer("num_layers"),
                t.number("layer_scale"), t.integer("context"), t.number("max_period", 10000.0),
                t.integer("dim_feedforward"));
        t.finish();
        ConfigNode q = n.child("quantizer");
        Quantizer quantizer = new Quantizer(q.integer("dimension"), q.integer("output_dimension"));
        q.finish();
        String weights = n.optionalText("weights_path");
        Integer inner = n.optionalInteger("inner_dim");
        Integer outer = n.optionalInteger("outer_dim");
        n.finish();
        return new Mimi(dtype, rate, channels, frameRate, seanet, transformer, quantizer, weights, inner, outer);
    }

    /** Checks what the engine relies on, so that a bad file fails here and not deep in a computation. */
    private void validate(ConfigNode top) {
        if (weightsPath == null && flowLm.weightsPath() == null) {
            throw top.error("no 'weights_path' given");
        }
        if (flowLm.weightsPath() != null || mimi.weightsPath() != null) {
            throw top.error("separate 'flow_lm.weights_path' and 'mimi.weights_path' are not supported;"
                    + " give one 'weights_path' holding both networks");
        }
        checkFloat32(top, "flow_lm.dtype", flowLm.dtype());
        checkFloat32(top, "mimi.dtype", mimi.dtype());
        Transformer t = flowLm.transformer();
        positive(top, "flow_lm.transformer.d_model", t.dModel());
        positive(top, "flow_lm.transformer.num_heads", t.numHeads());
        if (t.dModel() % t.numHeads() != 0 || (t.dModel() / t.numHeads()) % 2 != 0) {
            throw top.error("'flow_lm.transformer.d_model' must split into an even size per head");
        }
        if (flowLm.lookupTable().dim() != t.dModel()) {
            throw top.error("'flow_lm.lookup_table.dim' must equal 'flow_lm.transformer.d_model'");
        }
        MimiTransformer mt = mimi.transformer();
        positive(top, "mimi.transformer.num_heads", mt.numHeads());
        if (mt.dModel() % mt.numHeads() != 0 || (mt.dModel() / mt.numHeads()) % 2 != 0) {
            throw top.error("'mimi.transformer.d_model' must split into an even size per head");
        }
        if (mt.outputDimensions().size() != 1) {
            throw top.error("'mimi.transformer.output_dimensions' must have exactly one entry");
        }
        positive(top, "mimi.inner_dim", mimiInnerDim());
        if (mimiOuterDim() != mimi.quantizer().outputDimension()) {
            throw top.error("'mimi.outer_dim' (" + mimiOuterDim() + ") must equal 'mimi.quantizer.output_dimension' ("
                    + mimi.quantizer().outputDimension() + "): the upsampling convolution is depthwise");
        }
        if (!mimi.seanet().padMode().equals("constant") && !mimi.seanet().padMode().equals("replicate")) {
            throw top.error("'mimi.seanet.pad_mode' must be constant or replicate");
        }
        if (mimi.channels() != 1 || mimi.seanet().channels() != 1) {
            throw top.error("only mono models (channels: 1) are supported");
        }
        double steps = mimi.sampleRate() / (double) mimi.seanet().hopLength() / mimi.frameRate();
        if (steps != Math.rint(steps) || steps < 1) {
            throw top.error("'mimi.frame_rate' must divide the encoder rate (sample_rate / product of ratios)");
        }
    }

    private static void checkFloat32(ConfigNode top, String key, String dtype) {
        if (!dtype.equals("float32") && !dtype.equals("bfloat16")) {
            throw top.error("'" + key + "' must be float32 or bfloat16, got " + dtype);
        }
    }

    private static void positive(ConfigNode top, String key, int value) {
        if (value <= 0) {
            throw top.error("'" + key + "' must be positive, got " + value);
        }
    }

    /** Mimi's inner dimension: the size of its latents before the speaker projection (default: SEANet's). */
    public int mimiInnerDim() {
        return mimi.innerDim() != null ? mimi.innerDim() : mimi.seanet().dimension();
    }

    /** Channels of Mimi's upsampling convolution, {@code mimi.outer_dim} (default: SEANet's dimension). */
    public int mimiOuterDim() {
        return mimi.outerDim() != null ? mimi.outerDim() : mimi.seanet().dimension();
    }

    /** This configuration with another catalogue (behaviour, language, voices). */
    public ModelConfig withCatalog(Catalog value) {
        return new ModelConfig(weightsPath, weightsPathWithoutVoiceCloning, flowLm, mimi, options, value, source,
                baseDir);
    }

    /** This configuration with the language of its text set to {@code language} (e.g. to read numbers aloud). */
    public ModelConfig withLanguage(java.util.Locale language) {
        return withCatalog(new Catalog(catalog.compat(), language, catalog.voices(), catalog.defaultVoice(),
                catalog.voiceLocation()));
    }

    /** The configuration with every file location passed through {@code relocate}. */
    private ModelConfig withLocations(java.util.function.UnaryOperator<String> relocate) {
        LookupTable t = flowLm.lookupTable();
        FlowLm f = new FlowLm(flowLm.dtype(), flowLm.flow(), flowLm.transformer(),
                new LookupTable(t.dim(), t.nBins(), t.tokenizer(), relocate.apply(t.tokenizerPath())),
                flowLm.weightsPath(), flowLm.insertBosBeforeVoice());
        return new ModelConfig(weightsPath == null ? null : relocate.apply(weightsPath),
                weightsPathWithoutVoiceCloning == null ? null : relocate.apply(weightsPathWithoutVoiceCloning), f, mimi,
                options, catalog, source, baseDir);
    }

    /** Mimi encoder steps per latent frame (16 for the real model). */
    public int mimiStepsPerFrame() {
        return (int) Math.round(mimi.sampleRate() / (double) mimi.seanet().hopLength() / mimi.frameRate());
    }

    /** The latent size of FlowLM, {@code mimi.quantizer.dimension}. */
    public int latentDim() {
        return mimi.quantizer().dimension();
    }
}
