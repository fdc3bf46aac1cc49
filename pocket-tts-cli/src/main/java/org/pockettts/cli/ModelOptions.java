package org.pockettts.cli;

import java.nio.file.Path;
import java.util.Locale;
import org.pockettts.api.InvalidInputException;
import org.pockettts.TtsModel;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import picocli.CommandLine.Option;

/** The options that choose and load a model, shared by the commands that need one. */
final class ModelOptions {

    @Option(names = "--variant", paramLabel = "NAME",
            description = "Model variant (built-in configuration) to use. Default: " + ModelConfig.DEFAULT_VARIANT + ".")
    String variant;

    @Option(names = "--config", paramLabel = "PATH",
            description = "A model configuration YAML in the reference's format, instead of --variant. Its"
                    + " weights_path and tokenizer_path may be local paths (relative to the YAML's folder),"
                    + " hf://owner/repo/path@revision or http(s):// URLs.")
    Path config;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "Device to run on. Only cpu is supported (the default).")
    String device;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    ModelConfig configuration() {
        if (!device.toLowerCase(Locale.ROOT).equals("cpu")) {
            throw new InvalidInputException("Device '" + device + "' is not supported: this implementation runs on"
                    + " the CPU only (--device cpu)");
        }
        if (config != null && variant != null) {
            throw new InvalidInputException("Give either --variant or --config, not both");
        }
        return config != null ? ModelConfig.load(config)
                : ModelConfig.builtin(variant != null ? variant : ModelConfig.DEFAULT_VARIANT);
    }

    /**
     * The language the chosen model speaks, in the form of {@code org.pockettts.batch.Languages}:
     * English for the built-in variants; null for a {@code --config}, whose language is not recorded.
     */
    String language() {
        return config != null ? null : "english";
    }

    /** Loads the model, fetching its files through {@code hub} (whose progress the caller displays). */
    TtsModel load(HubClient hub) {
        return TtsModel.load(configuration(), hub);
    }
}
