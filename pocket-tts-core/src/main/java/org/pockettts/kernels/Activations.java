package org.pockettts.kernels;

/**
 * Element-wise activation functions, in place on a range of an array. With the Vector API, GELU
 * (both forms), ELU and the softmax exponentials run on vectors with polynomial approximations accurate to float
 * rounding ({@code VectorActivations}); the portable versions here are the exact references.
 */
public final class Activations {

    private static final boolean VECTOR = KernelsHolder.INSTANCE instanceof VectorKernels;

    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);

    private Activations() {
    }

    /** GELU in its exact form, {@code x·(1 + erf(x/√2))/2}, as PyTorch's default. */
    public static void gelu(float[] x, int off, int n) {
        if (VECTOR) {
            VectorActivations.gelu(x, off, n);
            return;
        }
        geluExact(x, off, n);
    }

    /** GELU from the double-precision {@link #erf}: the reference the fast version is tested against. */
    public static void geluExact(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1.0 + erf(v * INV_SQRT2)));
        }
    }

    /**
     * GELU in its tanh approximation, {@code x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))/2}, as PyTorch's
     * {@code gelu(approximate="tanh")}; computed as the equal {@code x / (1 + e^(−2u))} with
     * {@code u = √(2/π)·(x + 0.044715·x³)}, which loses no digits where tanh is near −1.
     */
    public static void geluTanh(float[] x, int off, int n) {
        if (VECTOR) {
            VectorActivations.geluTanh(x, off, n);
            return;
        }
        geluTanhExact(x, off, n);
    }

    /** The tanh GELU from {@link Math#tanh}, in double: the reference the fast version is tested against. */
    public static void geluTanhExact(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + GELU_TANH_CUBIC * v * v * v))));
        }
    }

    /** √(2/π), the scale of the tanh GELU's argument. */
    static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    /** The cubic coefficient of the tanh GELU. */
    static final double GELU_TANH_CUBIC = 0.044715;

    /** SiLU, {@code x·sigmoid(x)}. */
    public static void silu(float[] x, int off, int n) {
        silu(x, off, x, off, n);
    }

    /** SiLU of {@code src} into {@code dst}. */
    public static void silu(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            double v = src[srcOff + i];
            dst[dstOff + i] = (float) (v / (1.0 + Math.exp(-v)));
        }
    }

    /** ELU with alpha 1: {@code x} for positive {@code x}, else {@code exp(x) − 1}. */
    public static void elu(float[] x, int off, int n) {
        if (VECTOR) {
            VectorActivations.elu(x, off, n);
            return;
        }
        eluExact(x, off, n);
    }

    /** ELU of {@code src} into {@code dst}. */
    public static void elu(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        if (VECTOR) {
            VectorActivations.elu(src, srcOff, dst, dstOff, n);
            return;
        }
        System.arraycopy(src, srcOff, dst, dstOff, n);
        eluExact(dst, dstOff, n);
    }

    /** ELU from {@link Math#expm1}: the reference the fast version is tested against. */
    public static void eluExact(float[] x, int off, int n) {
        for (int i = off; i < off + n; i++) {
            float v = x[i];
            if (v <= 0) {
                x[i] = (float) Math.expm1(v);
            }
        }
    }

    /**
     * Softmax numerators: {@code x[i] = e^(x[i] − max)} for {@code i < n}, in place; returns their
     * sum, accumulated in double.
     */
    public static double expShifted(float[] x, int off, int n, float max) {
        if (VECTOR) {
            return VectorActivations.expShifted(x, off, n, max);
        }
        double sum = 0;
        for (int i = off; i < off + n; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * The error function, accurate to double precision. Java has none; this series has only
     * positive terms, {@code erf(z) = 2/√π · e^(−z²) · Σ (2z²)^n z / (1·3·…·(2n+1))}, so it does
     * not lose digits to cancellation. Beyond |z| = 6 erf is ±1 to double precision.
     */
    public static double erf(double z) {
        double a = Math.abs(z);
        if (a >= 6.0) {
            return Math.copySign(1.0, z);
        }
        double z2 = 2.0 * a * a;
        double term = a;
        double sum = a;
        for (int n = 1; n < 200; n++) {
            term *= z2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-a * a) * sum, z);
    }
}
