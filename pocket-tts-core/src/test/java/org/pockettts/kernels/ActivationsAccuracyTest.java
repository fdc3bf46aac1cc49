package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pockettts.testing.Numbers;

/**
 * The vector activations against the exact (double-precision) ones on dense grids: the difference
 * must stay at float rounding, measured in units in the last place (ulp) of the exact result.
 */
class ActivationsAccuracyTest {

    /** Every float between {@code from} and {@code to} at a step of {@code stride} representable floats. */
    private static float[] grid(float from, float to, int stride) {
        int n = 0;
        for (float v = from; v <= to; v = step(v, stride)) {
            n++;
        }
        float[] out = new float[n];
        int i = 0;
        for (float v = from; v <= to; v = step(v, stride)) {
            out[i++] = v;
        }
        return out;
    }

    private static float step(float v, int stride) {
        for (int k = 0; k < stride; k++) {
            v = Math.nextUp(v);
        }
        return v;
    }

    private static double ulps(float got, float exact) {
        if (got == exact) {
            return 0;
        }
        return Math.abs((double) got - exact) / Math.ulp(exact);
    }

    @Test
    void geluIsWithinOneUlpOfTheExactForm() {
        // ±2^-20 … ±12, every 97th float: about 20 million points.
        float[] x = Numbers.concat(grid(-12f, -0x1p-20f, 97), grid(0x1p-20f, 12f, 97), new float[] {0f, -0f, 30f, -30f});
        float[] fast = x.clone();
        float[] exact = x.clone();
        VectorActivations.gelu(fast, 0, fast.length);
        Activations.geluExact(exact, 0, exact.length);
        double worst = 0;
        double worstAbs = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] >= -5f) {
                worst = Math.max(worst, ulps(fast[i], exact[i]));
            } else {
                // Below −5 the exact form's 1 + erf cancels in double; only the absolute error is meaningful.
                worstAbs = Math.max(worstAbs, Math.abs(fast[i] - exact[i]));
            }
        }
        System.out.printf("gelu: max %.2f ulp on [-5, 12], max abs error %.2e below -5 over %d points%n", worst,
                worstAbs, x.length);
        assertThat(worst).isLessThanOrEqualTo(1.0);
        assertThat(worstAbs).isLessThan(1e-12);
    }

    @Test
    void eluIsWithinOneUlpOfExpm1() {
        float[] x = Numbers.concat(grid(-40f, -0x1p-30f, 31), grid(0x1p-30f, 40f, 997));
        float[] fast = x.clone();
        float[] exact = x.clone();
        VectorActivations.elu(fast, 0, fast.length);
        Activations.eluExact(exact, 0, exact.length);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, ulps(fast[i], exact[i]));
        }
        System.out.printf("elu: max %.2f ulp over %d points%n", worst, x.length);
        assertThat(worst).isLessThanOrEqualTo(1.0);
    }

    @Test
    void softmaxExponentialsAreWithinOneUlpOfExp() {
        float[] x = grid(-87f, 0f, 131);
        float[] fast = x.clone();
        double sum = VectorActivations.expShifted(fast, 0, fast.length, 0f);
        double exactSum = 0;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            float exact = (float) Math.exp(x[i]);
            exactSum += exact;
            worst = Math.max(worst, ulps(fast[i], exact));
        }
        System.out.printf("exp: max %.2f ulp over %d points%n", worst, x.length);
        assertThat(worst).isLessThanOrEqualTo(1.0);
        assertThat(sum).isCloseTo(exactSum, org.assertj.core.data.Offset.offset(exactSum * 1e-6));
        float[] under = new float[20];
        java.util.Arrays.fill(under, -100f);
        under[3] = -87.5f;
        under[11] = -1e30f;
        VectorActivations.expShifted(under, 0, under.length, 0f);
        for (float u : under) {
            assertThat(u).isBetween(0f, 1e-37f);
        }
    }
}
