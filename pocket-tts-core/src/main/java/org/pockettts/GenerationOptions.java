package org.pockettts;

import java.math.BigDecimal;
import java.math.MathContext;
import org.pockettts.api.InvalidInputException;

/**
 * How to generate speech. The defaults are those of the reference: the model's temperature (0.7,
 * or under 3.3 the configuration's {@code default_temperature}), one sampler step, no noise clamp,
 * EOS threshold −4, automatic frames after EOS, chunks of at most 50 tokens, and a random seed; at
 * most an hour of audio per generation; numbers left as written.
 *
 * <p>Every value is checked when the options are made, so that no request can make a generation
 * run for ever or overflow a count; out of range is an {@link InvalidInputException} naming the
 * option as the command line and the server name it:
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>option</th><th>allowed</th><th>why the bound</th></tr>
 * <tr><td>temperature</td><td>0 to {@value #TEMPERATURE_LIMIT}</td><td>beyond it the noise drowns the speech</td></tr>
 * <tr><td>lsd_decode_steps</td><td>1 to {@value #LSD_DECODE_STEPS_LIMIT}</td><td>each step costs a pass of the
 *     flow network per frame; more steps stop changing the audio long before</td></tr>
 * <tr><td>noise_clamp</td><td>none, or at least {@value #NOISE_CLAMP_MIN_STDS} standard deviations of the noise
 *     ({@code sqrt(temperature)})</td><td>a smaller clamp rejects almost every draw (it keeps fewer than 8 %)</td></tr>
 * <tr><td>eos_threshold</td><td>any finite number</td><td></td></tr>
 * <tr><td>frames_after_eos</td><td>none, or 0 to {@value #FRAMES_AFTER_EOS_LIMIT} (10 s)</td><td></td></tr>
 * <tr><td>max_tokens</td><td>1 to {@value #MAX_TOKENS_PER_CHUNK_LIMIT}</td><td>the model's context holds 1000
 *     positions</td></tr>
 * <tr><td>max_audio_seconds</td><td>above 0, up to {@value #MAX_AUDIO_SECONDS_LIMIT} (a day); default
 *     {@value #DEFAULT_MAX_AUDIO_SECONDS}</td><td>a day of samples still fits one Java array</td></tr>
 * </table>
 *
 * @param temperature variance of the flow's starting noise; 0 makes generation deterministic; null
 *     for the model's default (0.7, or under 3.3 the configuration's {@code default_temperature})
 * @param lsdDecodeSteps steps of the sampler per latent ({@code sampler_decode_steps}, called
 *     {@code lsd_decode_steps} before 3.x); more is slower and may sound cleaner; a drifting sampler
 *     always takes one
 * @param noiseClamp if not null, noise values beyond ±noiseClamp are drawn again (truncated normal)
 * @param eosThreshold a frame is the end of speech when its EOS logit exceeds this
 * @param framesAfterEos frames generated after the end is detected; null chooses per chunk
 *     (3 + 2 for texts of at most four words, else 1 + 2)
 * @param maxTokensPerChunk long texts are cut into chunks of at most this many tokens, at sentence ends
 * @param seed seeds the noise so that a run can be repeated; null for a fresh random seed
 * @param errorWithoutEos whether reaching the maximum length without an end of speech is an error
 *     rather than a logged warning
 * @param maxAudioSeconds the most audio one generation may make (pauses included); reaching it ends
 *     the generation with an {@link org.pockettts.api.AudioLimitException} after the audio made so far
 * @param normalize whether numbers are read aloud: written out in words in the model's language
 *     before the text is prepared ("$12.50" becomes "twelve dollars and fifty cents")
 */
public record GenerationOptions(
        Float temperature,
        int lsdDecodeSteps,
        Float noiseClamp,
        float eosThreshold,
        Integer framesAfterEos,
        int maxTokensPerChunk,
        Long seed,
        boolean errorWithoutEos,
        double maxAudioSeconds,
        boolean normalize) {

    public static final float DEFAULT_TEMPERATURE = 0.7f;
    public static final int DEFAULT_LSD_DECODE_STEPS = 1;
    public static final float DEFAULT_EOS_THRESHOLD = -4.0f;
    public static final int DEFAULT_MAX_TOKENS_PER_CHUNK = 50;
    public static final double DEFAULT_MAX_AUDIO_SECONDS = 3600;

    /** Highest temperature. */
    public static final float TEMPERATURE_LIMIT = 10f;
    /** Most flow steps per frame. */
    public static final int LSD_DECODE_STEPS_LIMIT = 64;
    /** Smallest noise clamp, in standard deviations of the noise: it accepts a draw with probability 0.08. */
    public static final double NOISE_CLAMP_MIN_STDS = 0.1;
    /** Most frames after the end of speech (10 s). */
    public static final int FRAMES_AFTER_EOS_LIMIT = 125;
    /** Longest chunk, in tokens: the model's context. */
    public static final int MAX_TOKENS_PER_CHUNK_LIMIT = 1000;
    /** Highest {@link #maxAudioSeconds()}: a day, whose 2 073 600 000 samples still fit one array. */
    public static final double MAX_AUDIO_SECONDS_LIMIT = 86_400;

    public GenerationOptions {
        if (temperature != null && !(temperature >= 0 && temperature <= TEMPERATURE_LIMIT)) {
            throw new InvalidInputException("temperature must be a number from 0 to " + format(TEMPERATURE_LIMIT)
                    + ", got " + temperature);
        }
        if (lsdDecodeSteps < 1 || lsdDecodeSteps > LSD_DECODE_STEPS_LIMIT) {
            throw new InvalidInputException("lsd_decode_steps must be from 1 to " + LSD_DECODE_STEPS_LIMIT + ", got "
                    + lsdDecodeSteps);
        }
        if (noiseClamp != null) {
            checkNoiseClamp(noiseClamp, temperature);
        }

        if (!Float.isFinite(eosThreshold)) {
            throw new InvalidInputException("eos_threshold must be a finite number, got " + eosThreshold);
        }
        if (framesAfterEos != null && (framesAfterEos < 0 || framesAfterEos > FRAMES_AFTER_EOS_LIMIT)) {
            throw new InvalidInputException("frames_after_eos must be from 0 to " + FRAMES_AFTER_EOS_LIMIT + ", got "
                    + framesAfterEos);
        }
        if (maxTokensPerChunk < 1 || maxTokensPerChunk > MAX_TOKENS_PER_CHUNK_LIMIT) {
            throw new InvalidInputException("max_tokens must be from 1 to " + MAX_TOKENS_PER_CHUNK_LIMIT + ", got "
                    + maxTokensPerChunk);
        }
        if (!(maxAudioSeconds > 0 && maxAudioSeconds <= MAX_AUDIO_SECONDS_LIMIT)) {
            throw new InvalidInputException("max_audio_seconds must be above 0 and at most "
                    + format(MAX_AUDIO_SECONDS_LIMIT) + ", got " + maxAudioSeconds);
        }
    }

    /**
     * Refuses a clamp that would reject almost every draw: the share of draws of Normal(0, σ) kept
     * by a clamp c is erf(c / σ√2), so c ≥ 0.1·σ keeps at least 8 %. At temperature 0 the noise is
     * zero and any clamp is moot. Without a temperature yet, only the sign is checked here; the
     * rest once the model's temperature is known.
     */
    private static void checkNoiseClamp(float clamp, Float temperature) {
        if (!(clamp > 0)) {
            throw new InvalidInputException("noise_clamp must be a number > 0, got " + clamp);
        }
        if (temperature == null) {
            return;
        }
        double smallest = NOISE_CLAMP_MIN_STDS * Math.sqrt(temperature);
        if (clamp < smallest) {
            throw new InvalidInputException("noise_clamp must be at least " + NOISE_CLAMP_MIN_STDS
                    + " standard deviations of the noise (" + format(smallest) + " at temperature " + temperature
                    + "), got " + clamp + ": a smaller clamp rejects almost every draw");
        }
    }

    /** A number for messages: four significant digits, no exponent, no trailing zeros. */
    private static String format(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The reference's defaults, the temperature being the model's. */
    public static GenerationOptions defaults() {
        return new GenerationOptions(null, DEFAULT_LSD_DECODE_STEPS, null, DEFAULT_EOS_THRESHOLD, null,
                DEFAULT_MAX_TOKENS_PER_CHUNK, null, false, DEFAULT_MAX_AUDIO_SECONDS, false);
    }

    /** These options with {@code value} as the temperature; null for the model's default. */
    public GenerationOptions withTemperature(Float value) {
        return new GenerationOptions(value, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withLsdDecodeSteps(int value) {
        return new GenerationOptions(temperature, value, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withNoiseClamp(Float value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, value, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withEosThreshold(float value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, value, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withFramesAfterEos(Integer value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, value,
                maxTokensPerChunk, seed, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withMaxTokensPerChunk(int value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                value, seed, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withSeed(Long value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, value, errorWithoutEos, maxAudioSeconds, normalize);
    }

    public GenerationOptions withErrorWithoutEos(boolean value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, value, maxAudioSeconds, normalize);
    }

    public GenerationOptions withMaxAudioSeconds(double value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos, value, normalize);
    }

    /** These options with numbers read aloud (in the model's language) or not. */
    public GenerationOptions withNormalize(boolean value) {
        return new GenerationOptions(temperature, lsdDecodeSteps, noiseClamp, eosThreshold, framesAfterEos,
                maxTokensPerChunk, seed, errorWithoutEos, maxAudioSeconds, value);
    }
}
