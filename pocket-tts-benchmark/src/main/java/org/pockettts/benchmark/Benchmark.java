package org.pockettts.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.pockettts.AudioStream;
import org.pockettts.Engine;
import org.pockettts.GenerationOptions;
import org.pockettts.GenerationStats;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.ModelFiles;
import org.pockettts.config.ModelConfig;

/**
 * Measures generation speed: loads a model (by default the full-size b6369a24 architecture with
 * seeded random weights, no files needed), prompts a voice, then speaks a text several times with
 * the end of speech disabled, so every run makes the same number of frames, and reports the figures
 * of the fastest run. The model is made, its voice prompted and its text planned by
 * {@link TtsModel}, exactly as for any other use; only the weights (and, when the real one cannot be
 * had, the tokenizer) are the benchmark's own.
 *
 * <p>Run it as {@code pocket-tts bench}. The heap limit matters for {@code peak_rss_mb}: the live
 * heap of the full-size model is about 350 MB, but with the default limit (a quarter of the
 * machine's memory) the collector lets the heap grow far beyond that while the weights load.
 */
public final class Benchmark {

    private Benchmark() {
    }

    /** Runs the benchmark, resolving the model's files (and a voice given by name or URL) through {@code files}. */
    public static BenchmarkResult run(BenchmarkOptions options, ModelFiles files) {
        Engine.setThreads(options.threads());
        GenerationOptions generation = options.generation();
        long t0 = System.nanoTime();
        ModelConfig config = options.config() == null ? ModelConfig.builtin(ModelConfig.DEFAULT_VARIANT) : options.config();
        List<String> notes = new ArrayList<>();
        TtsModel.Builder builder = TtsModel.builder(config).files(files);
        if (options.compat() != null) {
            builder.compat(options.compat());
        }
        if (options.usesRandomWeights()) {
            builder.weights(new RandomTensors(options.seed()));
            notes.add("random weights");
        }
        if (!hasTokenizer(config, files, options)) {
            builder.tokenizer(new SyntheticTokenizer(config.flowLm().lookupTable().nBins()));
            notes.add("synthetic tokens");
        }
        String description = (options.config() == null ? ModelConfig.DEFAULT_VARIANT : config.source())
                + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
        try (TtsModel model = builder.load()) {
            long t1 = System.nanoTime();
            Voice voice = options.voice() != null ? model.voice(options.voice())
                    : syntheticVoice(model, options.voiceFrames(), options.seed());
            long t2 = System.nanoTime();
            return measure(model, voice, options, generation, description, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        }
    }

    /**
     * The model {@code pocket-tts bench} measures by default, for other measurements (such as a
     * server's latency): the full-size b6369a24 architecture with seeded random weights and synthetic
     * word tokens, built in memory without any file.
     */
    public static TtsModel randomModel(long seed) {
        ModelConfig config = ModelConfig.builtin(ModelConfig.DEFAULT_VARIANT);
        return TtsModel.builder(config).weights(new RandomTensors(seed))
                .tokenizer(new SyntheticTokenizer(config.flowLm().lookupTable().nBins())).load();
    }

    /**
     * Whether the configuration's own tokenizer is used: with the built-in architecture's random
     * weights nothing is downloaded, so never; with a configuration, when its file can be had.
     */
    private static boolean hasTokenizer(ModelConfig config, ModelFiles files, BenchmarkOptions options) {
        if (options.config() == null) {
            return false;
        }
        try {
            files.resolve(config.flowLm().lookupTable().tokenizerPath(), config.baseDir());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A voice of {@code frames} positions of seeded normal conditioning. */
    public static Voice syntheticVoice(TtsModel model, int frames, long seed) {
        int dim = model.config().flowLm().transformer().dModel();
        float[] conditioning = new float[frames * dim];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < conditioning.length; i++) {
            conditioning[i] = (float) random.nextGaussian();
        }
        return model.voiceFromEmbedding(conditioning, frames, "synthetic voice (" + frames + " frames)");
    }

    private static BenchmarkResult measure(TtsModel model, Voice voice, BenchmarkOptions options,
                                           GenerationOptions generation, String description, double loadSeconds,
                                           double voiceSeconds) {
        double[] runSeconds = new double[options.runs()];
        double bestFirst = Double.MAX_VALUE;
        double bestTotal = Double.MAX_VALUE;
        GenerationStats bestStats = null;
        long samples = 0;
        for (int r = 0; r < options.runs(); r++) {
            long start = System.nanoTime();
            long first = -1;
            samples = 0;
            GenerationStats stats;
            try (AudioStream stream = model.stream(voice, options.text(), generation)) {
                while (stream.hasNext()) {
                    samples += stream.next().length;
                    if (first < 0) {
                        first = System.nanoTime() - start;
                    }
                }
                stats = stream.stats();
            }
            double total = (System.nanoTime() - start) / 1e9;
            runSeconds[r] = total;
            bestFirst = Math.min(bestFirst, first / 1e6);
            if (total < bestTotal) {
                bestTotal = total;
                bestStats = stats;
            }
        }
        double audio = (double) samples / model.sampleRate();
        int frames = bestStats.latents();
        return new BenchmarkResult(description, loadSeconds, voiceSeconds, bestFirst, bestTotal, audio,
                audio / bestTotal, ProcessMemory.peakResidentMb(),
                bestStats.transformerNanos() / 1e6 / Math.max(1, frames),
                bestStats.flowNanos() / 1e6 / Math.max(1, frames),
                bestStats.mimiNanos() / 1e6 / Math.max(1, bestStats.framesDecoded()),
                options.threads(), frames, options.runs(), runSeconds, machine());
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        m.put("kernels", Engine.kernels());
        String species;
        try {
            species = FloatVector.SPECIES_PREFERRED.toString();
        } catch (LinkageError e) {
            species = "none";
        }
        m.put("vector_species", species);
        return m;
    }
}
