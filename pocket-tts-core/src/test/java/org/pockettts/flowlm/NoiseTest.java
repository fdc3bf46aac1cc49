package org.pockettts.flowlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pockettts.nn.Cancellation;

class NoiseTest {

    @Test
    void temperatureZeroGivesExactZeros() {
        assertThat(Noise.sample(32, 0f, null, new SplittableRandom(1), Cancellation.NEVER)).containsOnly(0f);
        assertThat(Noise.sample(32, 0f, 0.5f, new SplittableRandom(1), Cancellation.NEVER)).containsOnly(0f);
    }

    @Test
    void varianceIsTheTemperature() {
        float[] x = Noise.sample(200_000, 0.7f, null, new SplittableRandom(2), Cancellation.NEVER);
        double sum = 0;
        double squares = 0;
        for (float v : x) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / x.length;
        assertThat(mean).isCloseTo(0, offset(0.01));
        assertThat(squares / x.length - mean * mean).isCloseTo(0.7, offset(0.01));
    }

    @Test
    void clampTruncatesTheDistribution() {
        float[] x = Noise.sample(100_000, 1f, 0.5f, new SplittableRandom(3), Cancellation.NEVER);
        int nearEdge = 0;
        for (float v : x) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(0.5f);
            if (Math.abs(v) > 0.45f) {
                nearEdge++;
            }
        }
        // Truncated, not clipped: no pile-up of values at ±0.5.
        assertThat(nearEdge).isBetween(7_000, 10_000);
    }

    @Test
    void aSeedDeterminesTheNoise() {
        assertThat(Noise.sample(64, 0.7f, null, new SplittableRandom(9), Cancellation.NEVER))
                .containsExactly(Noise.sample(64, 0.7f, null, new SplittableRandom(9), Cancellation.NEVER));
    }
}
