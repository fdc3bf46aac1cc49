package org.pockettts.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to benchmark.
 *
 * @param config a model configuration (YAML) whose weights are loaded; null for the built-in
 *     b6369a24 architecture with seeded random weights made in memory
 * @param randomWeights use seeded random weights even when {@code config} is given
 * @param voice a voice file (voice embedding {@code .safetensors} or WAV); null for a synthetic
 *     voice of {@code voiceFrames} random conditioning positions
 * @param voiceFrames positions of the synthetic voice (12.5 per second)
 * @param text what to speak
 * @param runs how many times the text is spoken
 * @param threads threads of the kernel worker pool
 * @param lsdDecodeSteps flow steps per frame
 * @param seed seeds the random weights, the synthetic voice and the noise
 */
public record BenchmarkOptions(Path config, boolean randomWeights, Path voice, int voiceFrames, String text, int runs,
                               int threads, int lsdDecodeSteps, long seed) {

    /** The default text: seventeen words, so 237 frames (19 s) when the end of speech is never detected. */
    public static final String DEFAULT_TEXT =
            "Hello, this is a benchmark of Pocket TTS, a small text to speech model running on an ordinary processor.";

    public BenchmarkOptions {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, got " + runs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (voiceFrames < 1) {
            throw new IllegalArgumentException("voice frames must be at least 1, got " + voiceFrames);
        }
        if (lsdDecodeSteps < 1) {
            throw new IllegalArgumentException("lsd decode steps must be at least 1, got " + lsdDecodeSteps);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the text is empty");
        }
    }

    /** Built-in full-size model with random weights, synthetic voice, default text, 3 runs, all cores. */
    public static BenchmarkOptions defaults() {
        return new BenchmarkOptions(null, false, null, 125, DEFAULT_TEXT, 3,
                Runtime.getRuntime().availableProcessors(), 1, 42);
    }

    /** Usage of {@link #parse}. */
    public static final String USAGE = """
            bench [--config PATH] [--random-weights] [--voice FILE] [--voice-frames N] [--text T] [--runs K]
                  [--threads N] [--lsd-steps N] [--seed S]""";

    /** Parses command-line arguments over {@link #defaults()}. */
    public static BenchmarkOptions parse(String... args) {
        BenchmarkOptions o = defaults();
        Path config = o.config;
        boolean random = o.randomWeights;
        Path voice = o.voice;
        int voiceFrames = o.voiceFrames;
        String text = o.text;
        int runs = o.runs;
        int threads = o.threads;
        int steps = o.lsdDecodeSteps;
        long seed = o.seed;
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String flag = rest.removeFirst();
            if (flag.equals("--random-weights")) {
                random = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException("missing value after " + flag + "\nusage: " + USAGE);
            }
            String value = rest.removeFirst();
            switch (flag) {
                case "--config" -> config = Path.of(value);
                case "--voice" -> voice = Path.of(value);
                case "--voice-frames" -> voiceFrames = Integer.parseInt(value);
                case "--text" -> text = value;
                case "--runs" -> runs = Integer.parseInt(value);
                case "--threads" -> threads = Integer.parseInt(value);
                case "--lsd-steps" -> steps = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + flag + "\nusage: " + USAGE);
            }
        }
        return new BenchmarkOptions(config, random, voice, voiceFrames, text, runs, threads, steps, seed);
    }
}
