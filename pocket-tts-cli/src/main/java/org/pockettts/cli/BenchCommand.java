package org.pockettts.cli;

import java.util.concurrent.Callable;
import org.pockettts.api.InvalidInputException;
import org.pockettts.benchmark.Benchmark;
import org.pockettts.benchmark.BenchmarkOptions;
import org.pockettts.benchmark.BenchmarkResult;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.HubClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code pocket-tts bench}: measures speed without downloading anything. Without a model option it
 * builds the full-size b6369a24 model from seeded random weights in memory, speaks a text with the
 * end of speech disabled (so every run makes the same number of frames) and prints one JSON line.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure generation speed and print one JSON line (quantize, load_s, voice_s, voice_again_s, first_chunk_ms,"
                + " total_s, cpu_s, audio_s, rtf, peak_rss_mb, flowlm_ms, flow_ms, mimi_ms per frame, ...).",
            "Without a model option (--variant, --language, --config) the full-size b6369a24 architecture is built with"
                + " seeded random weights in memory: nothing is downloaded. The end of speech is disabled, so every"
                + " run makes the same number of frames."})
final class BenchCommand implements Callable<Integer> {

    /** Held so that its level sticks: java.util.logging keeps loggers only weakly. */
    private static final java.util.logging.Logger GENERATION_LOG = java.util.logging.Logger.getLogger("org.pockettts.Generation");

    @ParentCommand
    PocketTts root;

    @Mixin
    ModelOptions model;

    @Option(names = "--random-weights",
            description = "Use seeded random weights even with a model option (the model's sizes only).")
    boolean randomWeights;

    @Option(names = "--voice", paramLabel = "VOICE",
            description = "A voice, as for generate: a predefined name, a WAV recording, a voice file, or a URL."
                    + " Default: a synthetic voice of --voice-frames positions.")
    String voice;

    @Option(names = "--voice-frames", paramLabel = "N", defaultValue = "" + BenchmarkOptions.DEFAULT_VOICE_FRAMES,
            description = "Length of the synthetic voice (12.5 per second). Default: ${DEFAULT-VALUE}.")
    int voiceFrames;

    @Option(names = "--text", paramLabel = "TEXT", defaultValue = BenchmarkOptions.DEFAULT_TEXT,
            description = "Text to speak in each run. Default: \"${DEFAULT-VALUE}\"")
    String text;

    @Option(names = "--runs", paramLabel = "K", defaultValue = "3",
            description = "Number of runs; the figures are those of the fastest. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads of the kernels' worker pool. Default: the number of cores.")
    Integer threads;

    @Option(names = {"--sampler-decode-steps", "--lsd-decode-steps"}, paramLabel = "N", defaultValue = "1",
            description = "Sampler steps per audio frame, as for generate. Default: ${DEFAULT-VALUE}.")
    int lsdDecodeSteps;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.7",
            description = "Sampling temperature, as for generate. Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "50",
            description = "Longest text chunk in tokens, as for generate. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seeds the random weights, the synthetic voice and the noise. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        // Every run reaches its maximum length on purpose; the engine's warning about that is noise here.
        GENERATION_LOG.setLevel(java.util.logging.Level.SEVERE);
        try (HubClient hub = HubClient.fromEnvironment(root.context.env())) {
            ModelConfig config = model.configuration(hub);
            BenchmarkOptions options;
            try {
                options = new BenchmarkOptions(model.namesAModel() ? config : null, model.compat, randomWeights,
                        model.quantize, voice, voiceFrames, text, runs, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                        lsdDecodeSteps, temperature, maxTokens, seed);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("Invalid benchmark option: " + e.getMessage());
            }
            hub.setDownloadListener(new ProgressDisplay(root.context.err(), root.context.interactive() && !model.quiet));
            root.doing("benchmarking");
            BenchmarkResult result = Benchmark.run(options, hub);
            root.context.out().println(result.toJson());
            root.context.out().flush();
        }
        return 0;
    }
}
