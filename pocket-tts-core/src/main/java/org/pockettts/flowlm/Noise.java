package org.pockettts.flowlm;

import java.util.random.RandomGenerator;

/** The starting point of the flow: Gaussian noise of variance {@code temperature}, optionally truncated. */
final class Noise {

    private Noise() {
    }

    /**
     * {@code n} samples of Normal(0, sqrt(temperature)); with a clamp c, samples outside [−c, c] are
     * drawn again (a truncated normal). Temperature 0 gives exact zeros without touching the random
     * source.
     */
    static float[] sample(int n, float temperature, Float clamp, RandomGenerator random) {
        float[] x = new float[n];
        if (temperature <= 0) {
            return x;
        }
        double std = Math.sqrt(temperature);
        for (int i = 0; i < n; i++) {
            double v;
            do {
                v = random.nextGaussian() * std;
            } while (clamp != null && Math.abs(v) > clamp);
            x[i] = (float) v;
        }
        return x;
    }
}
