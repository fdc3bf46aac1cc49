package org.pockettts;

import org.pockettts.api.InvalidInputException;

/**
 * How to generate speech. The defaults are those of the reference: temperature 0.7, one
 * Lagrangian self-distillation step, no noise clamp, EOS threshold −4, automatic frames after EOS,
 * chunks of at most 50 tokens, and a random seed.
 *
 * @param temperature variance of the flow's starting noise; 0 makes generation deterministic
 * @param lsdDecodeSteps flow steps per latent (≥ 1); more is slower and may sound cleaner
 * @param noiseClamp if not null, noise values beyond ±noiseClamp are drawn again (truncated normal)
 * @param eosThreshold a frame is the end of speech when its EOS logit exceeds this
 * @param framesAfterEos frames generated after the end is detected; null chooses per chunk
 *     (3 + 2 for texts of at most four words, else 1 + 2)
 * @param maxTokensPerChunk long texts are cut into chunks of at most this many tokens, at sentence ends
 * @param seed seeds the noise so that a run can be repeated; null for a fresh random seed
 * @param errorWithoutEos whether reaching the maximum length without an end of speech is an error
 *     rather than a logged warning
 */
public record GenerationOptions(
        float temperature,
        int lsdDecodeSteps,
        Float noiseClamp,
        float eosThreshold,
        Integer framesAfterEos,
        int maxTokensPerChunk,
        Long seed,
        boolean errorWithoutEos) {

    public static final float DEFAULT_TEMPERATURE = 0.7f;
    public static final int DEFAULT_LSD_DECODE_STEPS = 1;
    public static final float DEFAULT_EOS_THRESHOLD = -4.0f;
    public static final int DEFAULT_MAX_TOKENS_PER_CHUNK = 50;

    public GenerationOptions {
        if (!(temperature >= 0) || Float.isInfinite(temperature)) {
            throw new InvalidInputException("temperature must be a number ≥ 0, got " + temperature);
        }
        if (lsdDecodeSteps < 1) {
            throw new InvalidInputException("lsd_decode_steps must be at least 1, got " + lsdDecodeSteps);
        }
        if (noiseClamp != null && !(noiseClamp > 0)) {
            throw new InvalidInputException("noise_clamp must be a number > 0, got " + noiseClamp);
        }
        if (Float.isNaN(eosThreshold)) {
            throw new InvalidInputException("eos_threshold must be a number");
        }
        if (framesAfterEos != null && framesAfterEos < 0) {
            throw new InvalidInputException("frames_after_eos must be ≥ 0, got " + framesAfterEos);
        }
        if (maxTokensPerChunk < 1) {
            throw new InvalidInputException("max_tokens must be at least 1, got " + maxTokensPerChunk);
        }
    }

    /** The reference's defaults. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(DEFAULT_TEMPERATURE, DEFAULT_LSD_DECODE_STEPS, null, DEFAULT_EOS_THRESHOLD, null,
                DEFAULT_MAX_TOKENS_PER_CHUNK, null, false);
    }

    public GenerationOptions withTemperature(float value) {
        return new GenerationOptions(value, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos);
    }

    public GenerationOptions withLsdDecodeSteps(int value) {
        return new GenerationOptions(temperature, value, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos);
    }

    public GenerationOptions withNoiseClamp(Float value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, value, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos);
    }

    public GenerationOptions withEosThreshold(float value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, value, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos);
    }

    public GenerationOptions withFramesAfterEos(Integer value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, value,
                maxTokensPerChunk, seed, errorWithoutEos);
    }

    public GenerationOptions withMaxTokensPerChunk(int value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                value, seed, errorWithoutEos);
    }

    public GenerationOptions withSeed(Long value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, value, errorWithoutEos);
    }

    public GenerationOptions withErrorWithoutEos(boolean value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, value);
    }
}
