package org.pockettts.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import org.pockettts.AudioStream;
import org.pockettts.Generation;
import org.pockettts.GenerationOptions;
import org.pockettts.GenerationStats;
import org.pockettts.api.ModelFiles;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.WorkerPool;
import org.pockettts.nn.Transformer;

/**
 * Measures generation speed: loads a model (by default the full-size b6369a24 architecture with
 * seeded random weights, no files needed), prompts a voice, then speaks a text several times with
 * the end of speech disabled, so every run makes the same number of frames, and reports one JSON
 * line.
 *
 * <pre>
 * ./mvnw -q -pl pocket-tts-core compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx512m --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *      -cp pocket-tts-core/target/classes:$(cat pocket-tts-core/target/cp.txt) org.pockettts.bench.Benchmark --runs 3 --threads 2
 * </pre>
 *
 * <p>The heap limit matters for {@code peak_rss_mb}: the live heap of the full-size model is about
 * 350 MB, but with the default limit (a quarter of the machine's memory) the collector lets the
 * heap grow far beyond that while the weights are loaded.
 */
public final class Benchmark {

    private Benchmark() {
    }

    /** Runs the benchmark described by the arguments (see {@link BenchmarkOptions#USAGE}) and prints its JSON line. */
    public static void main(String[] args) {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(run(options, ModelFiles.localOnly()).toJson());
    }

    /** Runs the benchmark, resolving the model's files through {@code files}. */
    public static BenchmarkResult run(BenchmarkOptions options, ModelFiles files) {
        WorkerPool.configure(options.threads());
        long t0 = System.nanoTime();
        BenchModel model = BenchModel.load(options, files);
        long t1 = System.nanoTime();
        Transformer.State voice = model.voice(options.voice(), options.voiceFrames(), options.seed());
        long t2 = System.nanoTime();
        List<Generation.Chunk> chunks = model.plan(options.text());
        GenerationOptions generation = GenerationOptions.defaults()
                .withEosThreshold(Float.POSITIVE_INFINITY)
                .withLsdDecodeSteps(options.lsdDecodeSteps())
                .withSeed(options.seed());

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
            try (AudioStream stream = Generation.start(model.flowLm, model.mimi, voice, chunks, generation)) {
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
        double audio = (double) samples / model.mimi.sampleRate();
        int frames = bestStats.latents();
        return new BenchmarkResult(model.description, (t1 - t0) / 1e9, (t2 - t1) / 1e9, bestFirst, bestTotal, audio,
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
        m.put("kernels", Kernels.get().toString());
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
