package org.pockettts.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * GELU, {@code x·Φ(x)} with {@code Φ(x) = (1 + erf(x/√2))/2}, on vectors, computed in double so that
 * the float result is within one rounding of the exact value.
 *
 * <p>With {@code z = x/√2}: for {@code |z| < 0.5}, {@code erf(z)} is its Taylor series in {@code z²}
 * (11 terms, truncation below 1e-14). Beyond, {@code erfc(|z|) = e^(−z²)·erfcx(|z|)}, where
 * {@code erfcx} is a degree-12 polynomial in {@code t = 1/(1 + |z|/2)}, a least-squares fit on
 * Chebyshev nodes of {@code z ∈ [0.5, 10]} with relative error below 6e-11; then
 * {@code Φ = erfc/2} for negative x (no cancellation: the tail keeps its relative accuracy) and
 * {@code 1 − erfc/2} for positive x. {@code z² = x²/2} is exact in double for float x.
 */
final class Gelu {

    private static final double[] ERFCX = {
        -0.032147213600115625, 0.24405273922413456, -0.7878063656299611, 1.3787871003191672,
        -1.3692710186297197, 0.772801253831037, -0.3708299474009515, 0.19944478912712105,
        0.1502586991577092, 0.2509197061587214, 0.2816706055553583, 0.2821209415763859,
        -7.237798883353203e-07};
    /** {@code erf(z)/z = Σ c_n z^(2n)}, {@code c_n = 2/√π·(−1)^n/(n!(2n+1))}, highest power first. */
    private static final double[] ERF_SERIES = erfSeries(11);

    private Gelu() {
    }

    private static double[] erfSeries(int terms) {
        double[] c = new double[terms];
        double factorial = 1;
        for (int n = 0; n < terms; n++) {
            if (n > 0) {
                factorial *= n;
            }
            c[terms - 1 - n] = 2 / Math.sqrt(Math.PI) * ((n & 1) == 0 ? 1 : -1) / (factorial * (2 * n + 1));
        }
        return c;
    }

    /** GELU of {@code x[off … off+n)} in place. */
    static void apply(float[] x, int off, int n) {
        int step = VectorMath.FH.length();
        int i = 0;
        for (; i + step <= n; i += step) {
            FloatVector v = FloatVector.fromArray(VectorMath.FH, x, off + i);
            DoubleVector d = (DoubleVector) v.convertShape(VectorOperators.F2D, VectorMath.D, 0);
            FloatVector r = (FloatVector) gelu(d).convertShape(VectorOperators.D2F, VectorMath.FH, 0);
            r.intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = scalar(x[off + i]);
        }
    }

    private static DoubleVector gelu(DoubleVector x) {
        DoubleVector z2 = x.mul(x).mul(0.5);
        // Series branch: Φ = 1/2 + z·(erf(z)/z)/2, with z = x/√2.
        DoubleVector s = DoubleVector.broadcast(VectorMath.D, ERF_SERIES[0]);
        for (int k = 1; k < ERF_SERIES.length; k++) {
            s = s.fma(z2, DoubleVector.broadcast(VectorMath.D, ERF_SERIES[k]));
        }
        DoubleVector small = s.mul(x).fma(0.5 * Math.sqrt(0.5), 0.5);
        // Tail branch.
        DoubleVector az = x.abs().mul(Math.sqrt(0.5));
        DoubleVector t = DoubleVector.broadcast(VectorMath.D, 1.0).div(az.fma(0.5, 1.0));
        DoubleVector p = DoubleVector.broadcast(VectorMath.D, ERFCX[0]);
        for (int k = 1; k < ERFCX.length; k++) {
            p = p.fma(t, DoubleVector.broadcast(VectorMath.D, ERFCX[k]));
        }
        DoubleVector halfErfc = VectorMath.exp(z2.min(700.0).neg()).mul(p).mul(0.5);
        VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
        DoubleVector large = halfErfc.neg().add(1.0).blend(halfErfc, negative);
        DoubleVector phi = large.blend(small, VectorMath.below(x, Math.sqrt(0.5)));
        return x.mul(phi);
    }

    /** The same formula, one value at a time, for the last few values. */
    static float scalar(float xf) {
        double x = xf;
        double z2 = x * x * 0.5;
        if (Math.abs(x) < Math.sqrt(0.5)) {
            double s = ERF_SERIES[0];
            for (int k = 1; k < ERF_SERIES.length; k++) {
                s = Math.fma(s, z2, ERF_SERIES[k]);
            }
            return (float) (x * Math.fma(s * x, 0.5 * Math.sqrt(0.5), 0.5));
        }
        double t = 1 / Math.fma(Math.abs(x) * Math.sqrt(0.5), 0.5, 1.0);
        double p = ERFCX[0];
        for (int k = 1; k < ERFCX.length; k++) {
            p = Math.fma(p, t, ERFCX[k]);
        }
        double halfErfc = Math.exp(-Math.min(z2, 700.0)) * p * 0.5;
        return (float) (x * (x < 0 ? halfErfc : 1 - halfErfc));
    }
}
