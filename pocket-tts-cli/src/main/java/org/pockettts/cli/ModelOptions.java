package org.pockettts.cli;

import java.util.Locale;
import org.pockettts.TextPlanner;
import org.pockettts.TtsModel;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;
import org.pockettts.config.Compat;
import org.pockettts.config.Languages;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that choose and load a model, shared by the commands that need one: which model
 * ({@code --variant}, {@code --language} or {@code --config}), which release's behaviour
 * ({@code --compat}), int8 ({@code --quantize}) and the device.
 */
final class ModelOptions {

    @Option(names = "--variant", paramLabel = "NAME",
            description = "Built-in model variant (the 1.0.1 interface). Default, when no model option is given: "
                    + ModelConfig.DEFAULT_VARIANT + ".")
    String variant;

    @Option(names = "--language", paramLabel = "NAME",
            description = "A built-in model of pocket-tts 3.3 by language: english, english_2026-09, english_2026-09_24l,"
                    + " english_drifting_26-09, english_2026-04, english_2026-04_24l, english_2026-01, german, italian,"
                    + " spanish, portuguese, french, dutch, and the _24l of each. Its behaviour defaults to 3.3.")
    String language;

    @Option(names = "--config", paramLabel = "PATH",
            description = "A model configuration YAML in the reference's format: a local path, or an"
                    + " hf://owner/repo/path.yaml@revision or http(s):// URL (fetched and cached like model files)."
                    + " Its weights_path and tokenizer_path may be local paths (relative to the YAML), hf:// or"
                    + " http(s):// URLs. Its behaviour defaults to 3.3.")
    String config;

    @Option(names = "--compat", paramLabel = "VERSION", converter = CompatConverter.class,
            description = "Which release of the reference to reproduce: 1.0, 2.1 or 3.3. Default: 1.0 with --variant or"
                    + " no model option, 3.3 with --language or --config.")
    Compat compat;

    @Option(names = "--quantize",
            description = "Quantize the model's transformer to int8 when loading it (attention and feed-forward"
                    + " weights, one scale per output channel): faster and about 75 MB smaller, with a slightly"
                    + " different output. The flow network, the audio codec and the embeddings stay float.")
    boolean quantize;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "Device to run on. Only cpu is supported (the default).")
    String device;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    /** Reads {@code --compat}, refusing an unknown release with the list of known ones. */
    static final class CompatConverter implements CommandLine.ITypeConverter<Compat> {
        @Override
        public Compat convert(String value) {
            try {
                return Compat.parse(value);
            } catch (InvalidInputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Whether any option names a model (otherwise the default variant is used). */
    boolean namesAModel() {
        return variant != null || language != null || config != null;
    }

    /**
     * The configuration the options name, its remote file (if any) fetched through {@code files}.
     *
     * @throws InvalidInputException for an unsupported device or more than one model option
     */
    ModelConfig configuration(ModelFiles files) {
        if (!device.toLowerCase(Locale.ROOT).equals("cpu")) {
            throw new InvalidInputException("Device '" + device + "' is not supported: this implementation runs on"
                    + " the CPU only (--device cpu)");
        }
        int given = (variant != null ? 1 : 0) + (language != null ? 1 : 0) + (config != null ? 1 : 0);
        if (given > 1) {
            throw new InvalidInputException("Give one of --variant, --language and --config, not several");
        }
        if (language != null) {
            return Languages.config(language);
        }
        if (config != null) {
            return ModelConfig.load(config, files);
        }
        return ModelConfig.builtin(variant != null ? variant : ModelConfig.DEFAULT_VARIANT);
    }

    /**
     * The language the chosen model speaks, in the form of {@code org.pockettts.batch.Languages}:
     * the {@code --language} given, English for the built-in variants, null for a {@code --config}
     * (whose language is not recorded).
     */
    String language() {
        if (language != null) {
            return language;
        }
        return config != null ? null : "english";
    }

    /**
     * The name that chooses per-language defaults (the default text of {@code generate}): the
     * language, or the configuration file's name.
     */
    String modelName() {
        if (language != null) {
            return language;
        }
        if (config != null) {
            String path = config.contains("@") ? config.substring(0, config.lastIndexOf('@')) : config;
            return path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
        }
        return null;
    }

    /** The text planner of {@code configuration}: its tokenizer fetched through {@code hub}, no weights. */
    TextPlanner planner(ModelConfig configuration, HubClient hub) {
        return builder(configuration, hub).planner();
    }

    /** Loads the model of {@code configuration}, fetching its files through {@code hub} (whose progress the caller displays). */
    TtsModel load(ModelConfig configuration, HubClient hub) {
        return builder(configuration, hub).load();
    }

    private TtsModel.Builder builder(ModelConfig configuration, HubClient hub) {
        TtsModel.Builder builder = TtsModel.builder(configuration).files(hub).quantize(quantize);
        if (compat != null) {
            builder.compat(compat);
        }
        return builder;
    }
}
