package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;

/** Every limit of the generation options is reached: the bound itself is accepted, one step beyond is refused. */
class GenerationOptionsTest {

    private static final GenerationOptions D = GenerationOptions.defaults();

    private static void refused(Runnable make, String message) {
        assertThatThrownBy(make::run).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void theDefaultsAreTheReferencesAndAnHourOfAudio() {
        assertThat(D).isEqualTo(new GenerationOptions(null, 1, null, -4f, null, 50, null, false, 3600, false));
        assertThat(D.withNormalize(true).normalize()).isTrue();
    }

    @Test
    void temperatureFromZeroToTen() {
        assertThat(D.withTemperature(0f).temperature()).isZero();
        assertThat(D.withTemperature(10f).temperature()).isEqualTo(10f);
        refused(() -> D.withTemperature(Math.nextUp(10f)), "temperature must be a number from 0 to 10, got 10.000001");
        refused(() -> D.withTemperature(-0.5f), "temperature must be a number from 0 to 10, got -0.5");
        refused(() -> D.withTemperature(Float.NaN), "temperature must be a number from 0 to 10, got NaN");
    }

    @Test
    void lsdDecodeStepsFromOneToSixtyFour() {
        assertThat(D.withLsdDecodeSteps(64).lsdDecodeSteps()).isEqualTo(64);
        refused(() -> D.withLsdDecodeSteps(65), "lsd_decode_steps must be from 1 to 64, got 65");
        refused(() -> D.withLsdDecodeSteps(1_000_000_000), "lsd_decode_steps must be from 1 to 64, got 1000000000");
        refused(() -> D.withLsdDecodeSteps(0), "lsd_decode_steps must be from 1 to 64, got 0");
    }

    @Test
    void aNoiseClampMustKeepAtLeastATenthOfAStandardDeviation() {
        // Temperature 4: standard deviation 2, so the smallest clamp is 0.2.
        GenerationOptions hot = D.withTemperature(4f);
        assertThat(hot.withNoiseClamp(0.2f).noiseClamp()).isEqualTo(0.2f);
        refused(() -> hot.withNoiseClamp(0.19f), "noise_clamp must be at least 0.1 standard deviations of the noise"
                + " (0.2 at temperature 4.0), got 0.19: a smaller clamp rejects almost every draw");
        refused(() -> D.withTemperature(0.7f).withNoiseClamp(1e-45f), "noise_clamp must be at least 0.1 standard"
                + " deviations of the noise (0.08367 at temperature 0.7), got 1.4E-45: a smaller clamp rejects almost"
                + " every draw");
        // Without a temperature (the model's default), the clamp is checked once the model settles it.
        assertThat(D.withNoiseClamp(1e-45f).noiseClamp()).isEqualTo(1e-45f);
        refused(() -> D.withNoiseClamp(0f), "noise_clamp must be a number > 0, got 0.0");
        refused(() -> D.withNoiseClamp(Float.NaN), "noise_clamp must be a number > 0, got NaN");
        // Raising the temperature under a clamp is checked too.
        refused(() -> D.withNoiseClamp(0.1f).withTemperature(10f), "noise_clamp must be at least 0.1 standard"
                + " deviations of the noise (0.3162 at temperature 10.0), got 0.1: a smaller clamp rejects almost"
                + " every draw");
        // Without noise there is nothing to reject.
        assertThat(D.withTemperature(0f).withNoiseClamp(1e-30f).noiseClamp()).isEqualTo(1e-30f);
    }

    @Test
    void theSmallestClampAcceptsEightPercentOfTheDraws() {
        // erf(0.1 / sqrt 2): the share of a normal distribution within a tenth of a standard deviation.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int kept = 0;
        int draws = 1_000_000;
        for (int i = 0; i < draws; i++) {
            if (Math.abs(random.nextGaussian()) <= GenerationOptions.NOISE_CLAMP_MIN_STDS) {
                kept++;
            }
        }
        assertThat(kept / (double) draws).isBetween(0.078, 0.081);
    }

    @Test
    void theEosThresholdIsFinite() {
        assertThat(D.withEosThreshold(Float.MAX_VALUE).eosThreshold()).isEqualTo(Float.MAX_VALUE);
        refused(() -> D.withEosThreshold(Float.POSITIVE_INFINITY), "eos_threshold must be a finite number, got Infinity");
        refused(() -> D.withEosThreshold(Float.NEGATIVE_INFINITY),
                "eos_threshold must be a finite number, got -Infinity");
        refused(() -> D.withEosThreshold(Float.NaN), "eos_threshold must be a finite number, got NaN");
    }

    @Test
    void framesAfterEosFromZeroTo125() {
        assertThat(D.withFramesAfterEos(125).framesAfterEos()).isEqualTo(125);
        refused(() -> D.withFramesAfterEos(126), "frames_after_eos must be from 0 to 125, got 126");
        refused(() -> D.withFramesAfterEos(Integer.MAX_VALUE), "frames_after_eos must be from 0 to 125, got 2147483647");
        refused(() -> D.withFramesAfterEos(-1), "frames_after_eos must be from 0 to 125, got -1");
    }

    @Test
    void maxTokensFromOneToTheContext() {
        assertThat(D.withMaxTokensPerChunk(1000).maxTokensPerChunk()).isEqualTo(1000);
        refused(() -> D.withMaxTokensPerChunk(1001), "max_tokens must be from 1 to 1000, got 1001");
        refused(() -> D.withMaxTokensPerChunk(0), "max_tokens must be from 1 to 1000, got 0");
    }

    @Test
    void maxAudioSecondsUpToADay() {
        assertThat(D.withMaxAudioSeconds(86_400).maxAudioSeconds()).isEqualTo(86_400);
        refused(() -> D.withMaxAudioSeconds(86_400.5), "max_audio_seconds must be above 0 and at most 86400, got 86400.5");
        refused(() -> D.withMaxAudioSeconds(0), "max_audio_seconds must be above 0 and at most 86400, got 0.0");
        refused(() -> D.withMaxAudioSeconds(Double.POSITIVE_INFINITY),
                "max_audio_seconds must be above 0 and at most 86400, got Infinity");
        // A day of samples still fits one array: readAll never overflows.
        assertThat(86_400L * 24_000).isLessThan(Integer.MAX_VALUE - 8);
    }
}
