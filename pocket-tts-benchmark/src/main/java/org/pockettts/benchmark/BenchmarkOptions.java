package org.pockettts.benchmark;

import org.pockettts.GenerationOptions;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;

/**
 * What to benchmark. The generation settings are those of {@code pocket-tts generate}, checked by
 * {@link GenerationOptions} with its messages; the end of speech is always disabled so that every
 * run makes the same number of frames.
 *
 * @param config a model configuration whose weights are loaded; null for the built-in b6369a24
 *     architecture with seeded random weights made in memory
 * @param compat the behaviour to run under; null for the configuration's default
 * @param randomWeights use seeded random weights even when {@code config} is given
 * @param quantize quantize FlowLM's transformer to int8 at load ({@code --quantize})
 * @param voice a voice as {@code generate --voice} takes it (a predefined name, a WAV recording, a
 *     voice file, a URL); null for a synthetic voice of {@code voiceFrames} random conditioning positions
 * @param voiceFrames positions of the synthetic voice (12.5 per second)
 * @param text what to speak
 * @param runs how many times the text is spoken
 * @param threads threads of the numeric kernels
 * @param lsdDecodeSteps flow steps per frame
 * @param temperature variance of the flow's noise
 * @param maxTokens longest chunk of text, in tokens
 * @param seed seeds the random weights, the synthetic voice and the noise
 */
public record BenchmarkOptions(ModelConfig config, Compat compat, boolean randomWeights, boolean quantize, String voice,
                               int voiceFrames,
                               String text,
                               int runs, int threads, int lsdDecodeSteps, float temperature, int maxTokens,
                               long seed) {

    /** The default text: nineteen words, so 262 frames (21 s) when the end of speech is never detected. */
    public static final String DEFAULT_TEXT =
            "Hello, this is a benchmark of Pocket TTS, a small text to speech model running on an ordinary processor.";

    /** Length of the default synthetic voice: 10 s. */
    public static final int DEFAULT_VOICE_FRAMES = 125;

    /** An EOS threshold no logit reaches: generation runs to each chunk's maximum length. */
    static final float NEVER_ENDS = Float.MAX_VALUE;

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
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the text is empty");
        }
        settings(lsdDecodeSteps, temperature, maxTokens, seed);
    }

    /** Built-in full-size model with random weights, synthetic voice, default text, 3 runs, all cores. */
    public static BenchmarkOptions defaults() {
        GenerationOptions g = GenerationOptions.defaults();
        return new BenchmarkOptions(null, null, false, false, null, DEFAULT_VOICE_FRAMES, DEFAULT_TEXT, 3,
                Runtime.getRuntime().availableProcessors(), g.lsdDecodeSteps(), GenerationOptions.DEFAULT_TEMPERATURE,
                g.maxTokensPerChunk(), 42);
    }

    /** Whether the weights are seeded random ones rather than a file's. */
    boolean usesRandomWeights() {
        return randomWeights || config == null;
    }

    /**
     * The generation settings of every run.
     *
     * @throws org.pockettts.api.InvalidInputException for a setting out of its range
     */
    GenerationOptions generation() {
        return settings(lsdDecodeSteps, temperature, maxTokens, seed);
    }

    private static GenerationOptions settings(int lsdDecodeSteps, float temperature, int maxTokens, long seed) {
        return GenerationOptions.defaults()
                .withEosThreshold(NEVER_ENDS)
                .withLsdDecodeSteps(lsdDecodeSteps)
                .withTemperature(temperature)
                .withMaxTokensPerChunk(maxTokens)
                .withSeed(seed);
    }
}
