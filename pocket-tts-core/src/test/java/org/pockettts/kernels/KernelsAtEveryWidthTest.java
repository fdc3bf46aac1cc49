package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every vector kernel against the portable ones at this JVM's {@link VectorWidth}. The build runs
 * this class once per width (128, 256 and 512 bits, forced with {@code -Dpockettts.vectorBits}),
 * so each kernel is checked at each width. Products, scores and weighted sums must give the
 * scalar kernels' bits exactly; they are also checked against sums in double precision from the
 * original values (and, for int8, against the recipe computed here and its error bound).
 */
@Tag("widths")
class KernelsAtEveryWidthTest {

    private static final Kernels VECTOR = new VectorKernels();
    private static final Kernels SCALAR = new ScalarKernels();
    private static final int P = Matrix.PANEL;

    @BeforeAll
    static void width() {
        System.out.println("Kernels at " + VectorWidth.describe() + ", panels of " + P + " rows");
        assumeTrue(VectorWidth.bits() > 0, "the Vector API is not available; only the portable kernels run");
        String forced = System.getProperty(VectorWidth.PROPERTY);
        if (forced != null) {
            assertThat(VectorWidth.bits()).as("width in effect").isEqualTo(Integer.parseInt(forced));
        }
    }

    /**
     * Shapes {rows, in, out, stride}: every row tile (6, 4, 1) and its leftovers, the one-row runs
     * of 6, 4 and 1 panels, partial last panels, odd column counts (int8 takes columns in pairs),
     * and rows that overlap (stride below in, as convolutions run) or have gaps.
     */
    static Stream<Arguments> products() {
        int[][] shapes = {
            {1, 1, 1, 1}, {3, 7, 5, 7}, {2, 64, 33, 64}, {5, 130, 19, 16}, {4, 1024, 8, 1024}, {1, 2048, 3, 2048},
            {1, 129, 11 * P + 3, 129}, {1, 64, 10 * P, 64}, {1, 33, P - 1, 40}, {2, 96, 6 * P + 1, 96},
            {6, 100, 2 * P, 100}, {7, 33, P + 5, 33}, {10, 65, 3 * P, 70}, {11, 31, 2 * P + 7, 31},
            {13, 96, 100, 96}, {25, 64, 48, 64}, {48, 17, P, 17}, {100, 160, 3 * P + 2, 160}, {9, 3, 1, 2}};
        List<Arguments> cases = new ArrayList<>();
        for (Matrix.Storage storage : Matrix.Storage.values()) {
            for (int[] s : shapes) {
                cases.add(Arguments.of(storage, s[0], s[1], s[2], s[3]));
            }
        }
        return cases.stream();
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Row-major weights as the storage keeps them exactly: bfloat16 values for BF16. */
    private static float[] weights(SplittableRandom r, Matrix.Storage storage, int n) {
        float[] w = random(r, n);
        if (storage == Matrix.Storage.BF16) {
            for (int i = 0; i < n; i++) {
                w[i] = Float.intBitsToFloat(Float.floatToRawIntBits(w[i]) & 0xFFFF0000);
            }
        }
        return w;
    }

    private static Matrix matrix(Matrix.Storage storage, int out, int in, float[] w) {
        return Matrix.pack(java.lang.foreign.Arena.ofAuto(), RowTable.of(out, in, w), storage);
    }

    @ParameterizedTest(name = "{0} {1}x{2} -> {3}, stride {4}")
    @MethodSource("products")
    void productsGiveTheScalarKernelsBits(Matrix.Storage storage, int rows, int in, int out, int stride) {
        long seed = rows * 1_000_003L + in * 1009L + out * 13L + storage.ordinal();
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = random(r, 3 + (rows - 1) * stride + in);
        float[] w = weights(r, storage, out * in);
        Matrix m = matrix(storage, out, in, w);
        float[] bias = random(r, out);
        float[] vector = new float[2 + rows * out];
        float[] scalar = new float[2 + rows * out];
        VECTOR.matmul(x, 3, stride, rows, m, bias, vector, 2);
        SCALAR.matmul(x, 3, stride, rows, m, bias, scalar, 2);
        assertThat(vector).as("seed %d", seed).containsExactly(scalar);

        double[] expected = storage == Matrix.Storage.INT8
                ? Int8Recipe.product(x, 3, stride, rows, w, out, in, bias)
                : doubleProduct(x, 3, stride, rows, w, out, in, bias);
        for (int row = 0; row < rows; row++) {
            for (int o = 0; o < out; o++) {
                double bound = 0;
                for (int i = 0; i < in; i++) {
                    bound += Math.abs((double) x[3 + row * stride + i] * w[o * in + i]);
                }
                // A chain of n float multiply-adds is within n rounding errors of the sum's magnitude.
                double tolerance = (in + 2) * 0x1p-24 * (bound + Math.abs(bias[o])) + 1e-30;
                assertThat((double) vector[2 + row * out + o]).as("row %d, output %d (seed %d)", row, o, seed)
                        .isCloseTo(expected[row * out + o], org.assertj.core.data.Offset.offset(tolerance));
            }
        }
        if (storage == Matrix.Storage.INT8) {
            Int8Recipe.assertWithinQuantizationError(x, 3, stride, rows, w, out, in, bias, vector, 2);
        }
    }

    static double[] doubleProduct(float[] x, int xOff, int stride, int rows, float[] w, int out, int in,
                                  float[] bias) {
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double acc = bias[o];
                for (int i = 0; i < in; i++) {
                    acc += (double) x[xOff + r * stride + i] * w[o * in + i];
                }
                y[r * out + o] = acc;
            }
        }
        return y;
    }

    @ParameterizedTest
    @ValueSource(strings = {"F32", "BF16", "INT8"})
    void splittingAProductAcrossThreadsChangesNoBit(String storage) {
        SplittableRandom r = new SplittableRandom(11);
        Matrix.Storage kind = Matrix.Storage.valueOf(storage);
        for (int[] shape : new int[][] {{1, 1024, 1024}, {1, 512, 33 * P + 5}, {16, 256, 384}, {300, 48, 40}}) {
            int rows = shape[0];
            int in = shape[1];
            int out = shape[2];
            float[] x = random(r, rows * in);
            Matrix w = matrix(kind, out, in, weights(r, kind, out * in));
            float[] single = new float[rows * out];
            float[] split = new float[rows * out];
            try {
                WorkerPool.configure(1);
                VECTOR.matmul(x, 0, in, rows, w, null, single, 0);
                WorkerPool.configure(2);
                VECTOR.matmul(x, 0, in, rows, w, null, split, 0);
            } finally {
                WorkerPool.configure(Runtime.getRuntime().availableProcessors());
            }
            assertThat(split).containsExactly(single);
        }
    }

    @Test
    void axpyGivesTheScalarBitsAndDotIsCloseToTheExactSum() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 3, 15, 16, 17, 63, 64, 65, 100, 1024, 1031}) {
            float[] a = random(r, n + 1);
            float[] b = random(r, n + 2);
            double exact = 0;
            double magnitude = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[1 + i] * b[2 + i];
                magnitude += Math.abs((double) a[1 + i] * b[2 + i]);
            }
            assertThat((double) VECTOR.dot(a, 1, b, 2, n)).as("dot of %d", n)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset((n + 1) * 0x1p-24 * magnitude + 1e-30));
            float[] y1 = random(r, n + 3);
            float[] y2 = y1.clone();
            VECTOR.axpy(0.3f, a, 1, y1, 3, n);
            SCALAR.axpy(0.3f, a, 1, y2, 3, n);
            assertThat(y1).as("axpy of %d", n).containsExactly(y2);
        }
    }

    /**
     * Scores and weighted sums over a run of key slots that starts and ends inside blocks, at the
     * real head size and at sizes that leave partial strips; the KV cache's own ring buffer is
     * exercised in {@code AttentionKernelsTest}.
     */
    @ParameterizedTest
    @ValueSource(ints = {64, 1, 17, 24, 96})
    void scoresAndWeightedSumsGiveTheScalarBits(int dim) {
        SplittableRandom r = new SplittableRandom(dim);
        int slots = 5 * Kernels.KEY_BLOCK + 3;
        int blocks = (slots + Kernels.KEY_BLOCK - 1) / Kernels.KEY_BLOCK;
        float[] keys = random(r, 7 + blocks * dim * Kernels.KEY_BLOCK);
        float[] q = random(r, dim + 2);
        for (int[] run : new int[][] {{0, slots}, {3, Kernels.KEY_BLOCK}, {Kernels.KEY_BLOCK - 1, 2}, {5, 1}, {9, 0}}) {
            float[] vector = new float[run[1] + 1];
            float[] scalar = new float[run[1] + 1];
            VECTOR.scores(q, 2, keys, 7, run[0], run[1], dim, 0.125f, vector, 1);
            SCALAR.scores(q, 2, keys, 7, run[0], run[1], dim, 0.125f, scalar, 1);
            assertThat(vector).as("scores of slots %d+%d", run[0], run[1]).containsExactly(scalar);
        }
        int n = 37;
        int stride = dim + 5;
        float[] p = random(r, n + 1);
        float[] values = random(r, 4 + n * stride);
        float[] vector = random(r, dim + 3);
        float[] scalar = vector.clone();
        VECTOR.weightedSum(p, 1, values, 4, stride, n, dim, vector, 3);
        SCALAR.weightedSum(p, 1, values, 4, stride, n, dim, scalar, 3);
        assertThat(vector).containsExactly(scalar);
    }

    @Test
    void activationsStayWithinOneUlpOfTheExactForms() {
        // Random values over ±12, in runs that end inside the vector loops and beyond them.
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {1, 3, 7, 13, 31, 100_003}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) (r.nextDouble() * 24 - 12);
            }
            float[] fast = x.clone();
            float[] exact = x.clone();
            Activations.gelu(fast, 0, n);
            Activations.geluExact(exact, 0, n);
            assertWithinOneUlp("gelu", x, fast, exact, -5f);
            fast = x.clone();
            exact = x.clone();
            Activations.geluTanh(fast, 0, n);
            Activations.geluTanhExact(exact, 0, n);
            assertWithinOneUlp("gelu (tanh)", x, fast, exact, -5f);
            fast = x.clone();
            exact = x.clone();
            Activations.elu(fast, 0, n);
            Activations.eluExact(exact, 0, n);
            assertWithinOneUlp("elu", x, fast, exact, Float.NEGATIVE_INFINITY);
            fast = x.clone();
            double sum = Activations.expShifted(fast, 0, n, 12f);
            double exactSum = 0;
            for (int i = 0; i < n; i++) {
                exact[i] = (float) Math.exp(x[i] - 12f);
                exactSum += exact[i];
            }
            assertWithinOneUlp("exp", x, fast, exact, Float.NEGATIVE_INFINITY);
            // Each term is within one ulp, a relative 2^-23 at most.
            assertThat(sum).isCloseTo(exactSum, org.assertj.core.data.Offset.offset(exactSum * 0x1p-23));
        }
    }

    private static void assertWithinOneUlp(String what, float[] x, float[] fast, float[] exact, float from) {
        for (int i = 0; i < x.length; i++) {
            double error = Math.abs((double) fast[i] - exact[i]);
            if (x[i] >= from) {
                assertThat(error / Math.ulp(exact[i]))
                        .as("%s(%s): %s, exact %s, in ulps", what, x[i], fast[i], exact[i]).isLessThanOrEqualTo(1.0);
            } else {
                // Below −5 the exact GELU's 1 + erf cancels in double; only the absolute error is meaningful.
                assertThat(error).as("%s(%s): %s, exact %s", what, x[i], fast[i], exact[i]).isLessThan(1e-12);
            }
        }
    }
}
