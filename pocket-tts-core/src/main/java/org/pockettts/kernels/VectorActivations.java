package org.pockettts.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * GELU (exact and tanh forms), ELU and softmax exponentials on vectors, from additions,
 * multiplications and (tanh GELU) one division only.
 *
 * <p>The Vector API's own {@code EXP} runs different code when interpreted and when compiled, so
 * results would depend on the state of the JIT; these give the same bits everywhere, within one
 * unit in the last place of the exact forms ({@code ActivationsAccuracyTest} checks dense grids).
 * All use the same exponential: {@code x = n·ln2 + r} with {@code |r| ≤ ln2/2} (ln2 split in two so
 * that {@code n·ln2} is exact), a Taylor polynomial for {@code e^r − 1}, and {@code 2^n} assembled
 * in the exponent bits.
 *
 * <p>Each loop is written out in full: a vector handed to a helper method is boxed on the heap
 * whenever the JIT runs out of inlining depth, which is slow and makes garbage. Conversions name
 * their target species so that it is always a constant for the JIT.
 *
 * <p>GELU is {@code x·Φ(x)}, {@code Φ(x) = (1 + erf(x/√2))/2}, computed in double so that the float
 * result is within one rounding of the exact value. With {@code z = x/√2}: for {@code |z| < 0.5},
 * {@code erf(z)} is its Taylor series in {@code z²} (11 terms, truncation below 1e-14); beyond,
 * {@code erfc(|z|) = e^(−z²)·erfcx(|z|)}, where {@code erfcx} is a degree-12 polynomial in
 * {@code t = 1/(1 + |z|/2)}, a least-squares fit on Chebyshev nodes of {@code z ∈ [0.5, 10]} with
 * relative error below 6e-11; then {@code Φ = erfc/2} for negative x (the tail keeps its relative
 * accuracy) and {@code 1 − erfc/2} for positive x. {@code z² = x²/2} is exact in double.
 */
final class VectorActivations {

    private static final VectorSpecies<Float> F = Lanes.F;
    private static final VectorSpecies<Integer> I = Lanes.I;
    private static final VectorSpecies<Double> D = Lanes.D;
    private static final VectorSpecies<Float> F_HALF = Lanes.F_HALF;
    private static final VectorSpecies<Long> J = Lanes.J;
    private static final int L = Lanes.L;
    /** Doubles per vector: GELU's step. */
    private static final int LD = L / 2;

    private static final float LOG2E_F = 1.44269504088896341f;
    private static final float LN2_HI_F = 0.693145751953125f;
    private static final float LN2_LO_F = 1.42860682030941723212e-6f;
    /** Adding then subtracting 1.5·2^23 rounds a float to an integer (for |v| < 2^22). */
    private static final float ROUND_F = 12582912f;
    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double ROUND_D = 6755399441055744.0;
    private static final long ROUND_D_BITS = Double.doubleToRawLongBits(ROUND_D);

    private static final double[] ERFCX = {
        -0.032147213600115625, 0.24405273922413456, -0.7878063656299611, 1.3787871003191672,
        -1.3692710186297197, 0.772801253831037, -0.3708299474009515, 0.19944478912712105,
        0.1502586991577092, 0.2509197061587214, 0.2816706055553583, 0.2821209415763859,
        -7.237798883353203e-07};
    /** {@code erf(z)/z = Σ c_n z^(2n)}, {@code c_n = 2/√π·(−1)^n/(n!(2n+1))}, highest power first. */
    private static final double[] ERF_SERIES = erfSeries(11);

    private VectorActivations() {
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

    /** ELU in place: {@code 2^n·expm1(r) + (2^n − 1)} for negative values keeps small results exact. */
    static void elu(float[] x, int off, int n) {
        elu(x, off, x, off, n);
    }

    /** ELU of {@code src} into {@code dst} (which may be the same range). */
    static void elu(float[] src, int srcOff, float[] x, int off, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(F, src, srcOff + i);
            VectorMask<Float> negative = v.compare(VectorOperators.LT, 0f);
            if (!negative.anyTrue()) {
                v.intoArray(x, off + i);
            } else {
                FloatVector a = v.max(-30f).min(0f);
                FloatVector k = a.fma(LOG2E_F, ROUND_F).sub(ROUND_F);
                FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI_F), a);
                r = k.fma(FloatVector.broadcast(F, -LN2_LO_F), r);
                FloatVector p = r.fma(1f / 40320, 1f / 5040);
                p = p.fma(r, FloatVector.broadcast(F, 1f / 720));
                p = p.fma(r, FloatVector.broadcast(F, 1f / 120));
                p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
                p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
                p = p.fma(r, FloatVector.broadcast(F, 0.5f));
                p = p.mul(r).fma(r, r);
                IntVector bits = ((IntVector) k.convertShape(VectorOperators.F2I, I, 0)).add(127)
                        .lanewise(VectorOperators.LSHL, 23);
                FloatVector scale = (FloatVector) bits.reinterpretShape(F, 0);
                FloatVector e = p.fma(scale, scale.sub(1f));
                v.blend(e, negative).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            float v = src[srcOff + i];
            x[off + i] = v < 0 ? (float) Math.expm1(v) : v;
        }
    }

    /**
     * {@code x[i] = e^(x[i] − max)} for {@code i < n}, returning their sum, added in double as the
     * portable version does (a float sum of hundreds of terms would drift by more than a rounding).
     * Arguments below −87 give 0.
     */
    static double expShifted(float[] x, int off, int n, float max) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + i).sub(max);
            VectorMask<Float> tiny = v.compare(VectorOperators.LT, -87f);
            FloatVector a = v.max(-87f);
            FloatVector k = a.fma(LOG2E_F, ROUND_F).sub(ROUND_F);
            FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI_F), a);
            r = k.fma(FloatVector.broadcast(F, -LN2_LO_F), r);
            FloatVector p = r.fma(1f / 40320, 1f / 5040);
            p = p.fma(r, FloatVector.broadcast(F, 1f / 720));
            p = p.fma(r, FloatVector.broadcast(F, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(F, 0.5f));
            p = p.mul(r).fma(r, r);
            IntVector bits = ((IntVector) k.convertShape(VectorOperators.F2I, I, 0)).add(127)
                    .lanewise(VectorOperators.LSHL, 23);
            FloatVector scale = (FloatVector) bits.reinterpretShape(F, 0);
            FloatVector e = p.fma(scale, scale).blend(0f, tiny);
            e.intoArray(x, off + i);
            acc0 = acc0.add((DoubleVector) e.convertShape(VectorOperators.F2D, D, 0));
            acc1 = acc1.add((DoubleVector) e.convertShape(VectorOperators.F2D, D, 1));
        }
        double[] lanes = Lanes.doubles();
        acc0.add(acc1).intoArray(lanes, 0);
        double sum = Lanes.sum(lanes, LD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        return sum;
    }

    /** GELU of {@code x[off … off+n)} in place, half a vector of values at a time in double lanes. */
    static void gelu(float[] x, int off, int n) {
        double[] series = ERF_SERIES;
        double[] fit = ERFCX;
        int i = 0;
        for (; i + LD <= n; i += LD) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F_HALF, x, off + i)
                    .convertShape(VectorOperators.F2D, D, 0);
            DoubleVector z2 = v.mul(v).mul(0.5);
            // Near zero: Φ = 1/2 + z·(erf(z)/z)/2 with z = x/√2.
            DoubleVector s = DoubleVector.broadcast(D, series[0]);
            for (int k = 1; k < series.length; k++) {
                s = s.fma(z2, DoubleVector.broadcast(D, series[k]));
            }
            DoubleVector small = s.mul(v).fma(0.5 * Math.sqrt(0.5), 0.5);
            // Tails: erfc(|z|)/2 = e^(−z²)·erfcx(|z|)/2.
            DoubleVector t = DoubleVector.broadcast(D, 1.0).div(v.abs().mul(Math.sqrt(0.5)).fma(0.5, 1.0));
            DoubleVector q = DoubleVector.broadcast(D, fit[0]);
            for (int k = 1; k < fit.length; k++) {
                q = q.fma(t, DoubleVector.broadcast(D, fit[k]));
            }
            DoubleVector a = z2.min(700.0).neg();
            DoubleVector shifted = a.fma(LOG2E, ROUND_D);
            DoubleVector kk = shifted.sub(ROUND_D);
            DoubleVector r = kk.fma(DoubleVector.broadcast(D, -LN2_HI), a);
            r = kk.fma(DoubleVector.broadcast(D, -LN2_LO), r);
            DoubleVector p = r.fma(1.0 / 479001600, 1.0 / 39916800);
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6));
            p = p.fma(r, DoubleVector.broadcast(D, 0.5));
            p = p.mul(r).fma(r, r);
            // The low bits of the rounded sum hold n; 2^n is n + 1023 in the exponent field.
            LongVector bits = ((LongVector) shifted.reinterpretShape(J, 0)).sub(ROUND_D_BITS);
            DoubleVector scale = (DoubleVector) bits.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretShape(D, 0);
            DoubleVector halfErfc = p.fma(scale, scale).mul(q).mul(0.5);
            DoubleVector large = halfErfc.neg().add(1.0).blend(halfErfc, v.compare(VectorOperators.LT, 0.0));
            DoubleVector phi = large.blend(small, v.abs().compare(VectorOperators.LT, Math.sqrt(0.5)));
            ((FloatVector) v.mul(phi).convertShape(VectorOperators.D2F, F_HALF, 0)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            x[off + i] = geluScalar(x[off + i]);
        }
    }

    /**
     * The tanh GELU of {@code x[off … off+n)} in place, half a vector of values at a time in double lanes:
     * {@code x / (1 + e^(−2u))}, {@code u = √(2/π)·(x + 0.044715·x³)}, which equals
     * {@code x·(1 + tanh u)/2}; the exponent is clamped to ±700, far beyond where the result rounds
     * to {@code x} or to 0.
     */
    static void geluTanh(float[] x, int off, int n) {
        int i = 0;
        for (; i + LD <= n; i += LD) {
            DoubleVector v = (DoubleVector) FloatVector.fromArray(F_HALF, x, off + i)
                    .convertShape(VectorOperators.F2D, D, 0);
            DoubleVector u = v.mul(v).mul(Activations.GELU_TANH_CUBIC).fma(v, v).mul(Activations.SQRT_2_OVER_PI);
            DoubleVector a = u.mul(-2.0).min(700.0).max(-700.0);
            DoubleVector shifted = a.fma(LOG2E, ROUND_D);
            DoubleVector kk = shifted.sub(ROUND_D);
            DoubleVector r = kk.fma(DoubleVector.broadcast(D, -LN2_HI), a);
            r = kk.fma(DoubleVector.broadcast(D, -LN2_LO), r);
            DoubleVector p = r.fma(1.0 / 479001600, 1.0 / 39916800);
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24));
            p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6));
            p = p.fma(r, DoubleVector.broadcast(D, 0.5));
            p = p.mul(r).fma(r, r);
            LongVector bits = ((LongVector) shifted.reinterpretShape(J, 0)).sub(ROUND_D_BITS);
            DoubleVector scale = (DoubleVector) bits.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretShape(D, 0);
            DoubleVector e = p.fma(scale, scale);
            ((FloatVector) v.div(e.add(1.0)).convertShape(VectorOperators.D2F, F_HALF, 0)).intoArray(x, off + i);
        }
        for (; i < n; i++) {
            double v = x[off + i];
            double u = Activations.SQRT_2_OVER_PI * Math.fma(Activations.GELU_TANH_CUBIC * v * v, v, v);
            x[off + i] = (float) (v / (1.0 + Math.exp(Math.max(-700.0, Math.min(700.0, -2.0 * u)))));
        }
    }

    /** The same formula, one value at a time, for the last few values. */
    static float geluScalar(float xf) {
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
