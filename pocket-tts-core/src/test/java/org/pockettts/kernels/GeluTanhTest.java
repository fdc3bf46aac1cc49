package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

/**
 * The tanh GELU of pocket-tts 3.3: the portable form against PyTorch's {@code gelu(approximate="tanh")}
 * on the fixture's points, and the vector form against the portable one on a dense grid.
 */
class GeluTanhTest {

    @Test
    void bothFormsGiveTheReferencesValues() {
        float[] x = Fixtures.goldenTensorsV3().floats("gelu.x", 241);
        float[] golden = Fixtures.goldenTensorsV3().floats("gelu.tanh", 241);
        float[] exact = x.clone();
        Activations.geluTanhExact(exact, 0, exact.length);
        Numbers.assertClose("tanh gelu, portable", golden, exact, 1e-6);
        float[] fast = x.clone();
        Activations.geluTanh(fast, 0, fast.length);
        Numbers.assertClose("tanh gelu, as the engine runs it", golden, fast, 1e-6);
        float[] erf = x.clone();
        Activations.geluExact(erf, 0, erf.length);
        assertThat(Numbers.maxAbsDiff(golden, erf)).as("the erf form is another function").isGreaterThan(4e-4);
    }

    @Test
    void theVectorFormIsWithinOneUlpOfThePortableOne() {
        // Every 1009th float of ±2^-20 … ±12, and the far tails.
        float[] x = new float[4_000_000];
        int n = 0;
        for (float v = 0x1p-20f; v <= 12f && n + 2 < x.length; v = Math.nextUp(v) + Math.ulp(v) * 1008) {
            x[n++] = v;
            x[n++] = -v;
        }
        x[n++] = 30f;
        x[n++] = -30f;
        float[] fast = java.util.Arrays.copyOf(x, n);
        float[] exact = fast.clone();
        VectorActivations.geluTanh(fast, 0, n);
        Activations.geluTanhExact(exact, 0, n);
        double worst = 0;
        double worstAbs = 0;
        for (int i = 0; i < n; i++) {
            if (x[i] >= -5f) {
                worst = Math.max(worst, fast[i] == exact[i] ? 0 : Math.abs((double) fast[i] - exact[i]) / Math.ulp(exact[i]));
            } else {
                // Below −5 the portable form's 1 + tanh cancels in double; only the absolute error is meaningful.
                worstAbs = Math.max(worstAbs, Math.abs(fast[i] - exact[i]));
            }
        }
        System.out.printf("tanh gelu: max %.2f ulp on [-5, 12], max abs error %.2e below -5 over %d points%n", worst,
                worstAbs, n);
        assertThat(worst).isLessThanOrEqualTo(1.0);
        assertThat(worstAbs).isLessThan(1e-12);
    }
}
