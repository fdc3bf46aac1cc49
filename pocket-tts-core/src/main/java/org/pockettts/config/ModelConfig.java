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
import org.pockettts.api.ModelFormatException;

/**
 * A model configuration in the reference's YAML format: where the weights and the tokenizer are,
 * and the sizes of the FlowLM and Mimi networks. Unknown keys are an error, as in the reference.
 *
 * <p>Locations ({@code weights_path}, {@code tokenizer_path}) are kept as written: {@code hf://},
 * {@code http(s)://} or a file path. A relative file path is relative to the folder of the YAML
 * file, recorded in {@link #baseDir()}.
 *
 * @param weightsPath the weights file of the whole model
 * @param weightsPathWithoutVoiceCloning weights to fall back on when {@code weightsPath} cannot be
 *     had (no voice cloning from audio then); may be null
 * @param flowLm the FlowLM part
 * @param mimi the Mimi codec part
 * @param source where the configuration was read from, for messages
 * @param baseDir the folder relative locations are resolved against; null for built-in configs
 */
public record ModelConfig(
        String weightsPath,
        String weightsPathWithoutVoiceCloning,
        FlowLm flowLm,
        Mimi mimi,
        String source,
        Path baseDir) {

    /** The variant the reference uses by default. */
    public static final String DEFAULT_VARIANT = "b6369a24";

    /** FlowLM: the autoregressive transformer with its text table and flow head. */
    public record FlowLm(String dtype, Flow flow, Transformer transformer, LookupTable lookupTable,
                         String weightsPath, boolean insertBosBeforeVoice) {
    }

    /** The flow MLP ("flow_net"). */
    public record Flow(int dim, int depth) {
    }

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
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + resource, null);
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
        FlowLm flowLm = readFlowLm(top.child("flow_lm"));
        Mimi mimi = readMimi(top.child("mimi"));
        top.finish();
        ModelConfig config = new ModelConfig(weights, fallback, flowLm, mimi, source, baseDir);
        config.validate(top);
        return config;
    }

    private static FlowLm readFlowLm(ConfigNode n) {
        String dtype = n.text("dtype");
        ConfigNode f = n.child("flow");
        Flow flow = new Flow(f.integer("dim"), f.integer("depth"));
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
        if (flowLm.insertBosBeforeVoice()) {
            throw top.error("'flow_lm.insert_bos_before_voice: true' is not supported by this version");
        }
        if (!flowLm.lookupTable().tokenizer().equals("sentencepiece")) {
            throw top.error("'flow_lm.lookup_table.tokenizer' must be sentencepiece, got "
                    + flowLm.lookupTable().tokenizer());
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

    /** Mimi's inner dimension: the size of its latents before the speaker projection. */
    public int mimiInnerDim() {
        return mimi.innerDim() != null ? mimi.innerDim() : mimi.seanet().dimension();
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
