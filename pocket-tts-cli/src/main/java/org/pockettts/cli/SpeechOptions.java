package org.pockettts.cli;

import org.pockettts.GenerationOptions;
import picocli.CommandLine.Option;

/**
 * The options that shape generated speech (sampling, chunking and limits), shared by the commands
 * that generate: {@code generate} and {@code batch}.
 */
public final class SpeechOptions {

    @Option(names = {"--sampler-decode-steps", "--lsd-decode-steps"}, paramLabel = "N", defaultValue = "1",
            description = "Sampler steps per audio frame (LSD or flow matching; a drifting sampler takes one), 1 to 64;"
                    + " more is slower. Default: ${DEFAULT-VALUE}.")
    int lsdDecodeSteps;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Sampling temperature (variance of the flow's noise), 0 to 10; 0 is deterministic."
                    + " Default: 0.7; under --compat 3.3 the model's default_temperature (0.3 for the languages).")
    Float temperature;

    @Option(names = "--noise-clamp", paramLabel = "C",
            description = "Redraw noise values beyond +-C (truncated normal); at least 0.1 * sqrt(temperature)."
                    + " Default: no clamp.")
    Float noiseClamp;

    @Option(names = "--eos-threshold", paramLabel = "X", defaultValue = "-4.0",
            description = "End-of-speech logit threshold; higher values make speech run longer. Default: ${DEFAULT-VALUE}.")
    float eosThreshold;

    @Option(names = "--frames-after-eos", paramLabel = "N",
            description = "Frames (80 ms each) to generate after the end of speech is detected, 0 to 125. Default: 3 + 2 for"
                    + " texts of four words or fewer, else 1 + 2. (The reference accepts this option but ignores it;"
                    + " here it is honoured.)")
    Integer framesAfterEos;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "50",
            description = "Longest text chunk in tokens, 1 to 1000; longer texts are cut at sentence ends."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the sampling noise: the same seed gives the same audio. Default: random.")
    Long seed;

    @Option(names = "--max-audio-seconds", paramLabel = "S", defaultValue = "3600",
            description = "Most audio one run may make, up to 86400; reaching it is an error (no file is written)."
                    + " Default: ${DEFAULT-VALUE}.")
    double maxAudioSeconds;

    @Option(names = "--normalize",
            description = "Read numbers aloud: amounts, decimals, ordinals, percentages, prices, years and times are"
                    + " written out in words in the model's language before speaking (see the README). Default: off.")
    boolean normalize;

    /**
     * The engine's options these stand for; the environment of {@code ctx} decides whether reaching
     * the maximum length without an end of speech is an error.
     *
     * @throws org.pockettts.api.InvalidInputException naming the option that is out of range
     */
    public GenerationOptions options(CliContext ctx) {
        boolean errorWithoutEos = ctx.flag("KPOCKET_TTS_ERROR_WITHOUT_EOS") || ctx.flag("POCKET_TTS_ERROR_WITHOUT_EOS");
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos, maxTokens,
                seed, errorWithoutEos, maxAudioSeconds, normalize);
    }
}
