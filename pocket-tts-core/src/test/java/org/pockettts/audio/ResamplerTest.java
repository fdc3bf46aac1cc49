package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

class ResamplerTest {

    /**
     * The tiny fixture's voice at 24 kHz as the reference computes it. The port adds its products
     * in the reference's order and float32 precision, so the expected difference is zero; the
     * tolerance only bounds what float rounding could ever explain.
     */
    @Test
    void tinyVoiceResampledTo24kHzEqualsTheReference() {
        float[] voice = Fixtures.goldenTensors().floats("voice.wav_float", 1, 64523);
        float[] expected = Fixtures.goldenTensors().floats("voice.resampled", 1, 70230);

        float[] actual = Resampler.resample(voice, 22050, 24000);

        assertThat(Numbers.maxAbsDiff(expected, actual)).as("max abs diff").isZero();
        Numbers.assertClose("voice.resampled", expected, actual, 1e-6);
    }

    /** scipy.signal.resample_poly outputs for other rate pairs, made by make_resample_goldens.py beside the file. */
    @Test
    void otherRatePairsEqualScipyResamplePoly() throws URISyntaxException {
        Path file = Path.of(ResamplerTest.class.getResource("/audio/resample_poly.safetensors").toURI());
        try (SafeTensors goldens = SafeTensors.open(file)) {
            int cases = 0;
            for (int i = 0; goldens.contains("case" + i + ".input"); i++, cases++) {
                String[] rates = goldens.metadata().get("case" + i).split(" ");
                int from = Integer.parseInt(rates[0]);
                int to = Integer.parseInt(rates[1]);
                float[] expected = goldens.floats("case" + i + ".output");

                float[] actual = Resampler.resample(goldens.floats("case" + i + ".input"), from, to);

                Numbers.assertClose("case" + i + " " + from + " -> " + to + " Hz", expected, actual, 0);
            }
            assertThat(cases).isEqualTo(10);
        }
    }

    @Test
    void outputLengthIsCeilOfLengthTimesUpOverDown() {
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int length = r.nextInt(3001);
            int fromRate = 1 + r.nextInt(200_000);
            int toRate = 1 + r.nextInt(200_000);
            int g = Resampler.gcd(fromRate, toRate);
            long up = toRate / g;
            long down = fromRate / g;
            long expected = (long) Math.ceil(length * (double) up / down);

            assertThat(Resampler.outputLength(length, fromRate, toRate)).as("seed %d", seed).isEqualTo(expected);
            if (Math.max(up, down) <= 2000) {
                assertThat(Resampler.resample(new float[length], fromRate, toRate)).as("seed %d", seed)
                        .hasSize((int) expected);
            }
        }
    }

    @Test
    void constantSignalKeepsItsLevelAwayFromTheEdges() {
        for (int hundreds = 20; hundreds <= 960; hundreds += 19) {
            int fromRate = 100 * hundreds;
            float[] ones = new float[4000];
            Arrays.fill(ones, 0.5f);

            float[] y = Resampler.resample(ones, fromRate, 24000);

            // Unit DC gain: the middle of the output sits at the input's level.
            assertThat(y[y.length / 2]).as("%d Hz", fromRate).isCloseTo(0.5f, offset(1e-3f));
        }
    }

    @Test
    void equalRatesReturnTheInputItself() {
        float[] x = {1, 2, 3};

        assertThat(Resampler.resample(x, 24000, 24000)).isSameAs(x);
    }

    @Test
    void ratiosAreReducedByTheirGcd() {
        float[] x = new float[500];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.1);
        }

        assertThat(Resampler.resample(x, 44100, 24000)).containsExactly(Resampler.resample(x, 147, 80));
    }

    @Test
    void emptySignalGivesEmptyOutput() {
        assertThat(Resampler.resample(new float[0], 48000, 24000)).isEmpty();
    }

    @Test
    void ratioWithHugeTermsIsRefusedWithAHint() {
        assertThatThrownBy(() -> Resampler.resample(new float[10], 1_000_003, 24000))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1000003 Hz")
                .hasMessageContaining("48000 Hz first");
    }
}
