package org.pockettts.flowlm;

import java.util.random.RandomGenerator;
import org.pockettts.nn.Cancellation;

/** The starting point of the flow: Gaussian noise of variance {@code temperature}, optionally truncated. */
final class Noise {

    /**
     * Draws of one value before giving up. The generation options refuse clamps under a tenth of the
     * noise's standard deviation, which accept a draw with probability 8 % at least; 10 000 rejections
     * in a row then have a probability below 10<sup>−360</sup>, so the limit only stops clamps that
     * bypassed those checks.
     */
    static final int MAX_DRAWS = 10_000;

    private Noise() {
    }

    /**
     * {@code n} samples of Normal(0, sqrt(temperature)); with a clamp c, samples outside [−c, c] are
     * drawn again (a truncated normal), at most {@link #MAX_DRAWS} times per value. Temperature 0 gives
     * exact zeros without touching the random source.
     *
     * @throws IllegalStateException when a value was rejected {@link #MAX_DRAWS} times
     */
    static float[] sample(int n, float temperature, Float clamp, RandomGenerator random, Cancellation cancel) {
        float[] x = new float[n];
        if (temperature <= 0) {
            return x;
        }
        double std = Math.sqrt(temperature);
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian() * std;
            int draws = 1;
            while (clamp != null && Math.abs(v) > clamp) {
                if (draws == MAX_DRAWS) {
                    throw new IllegalStateException("the noise clamp " + clamp + " rejected " + MAX_DRAWS
                            + " draws in a row at temperature " + temperature);
                }
                cancel.check();
                v = random.nextGaussian() * std;
                draws++;
            }
            x[i] = (float) v;
        }
        return x;
    }
}
