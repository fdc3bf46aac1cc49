package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The vector kernels against the portable ones, on shapes that exercise every tail loop. */
class KernelsTest {

    private final Kernels vector = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    @ParameterizedTest
    @CsvSource({"1,1,1,1", "3,7,5,7", "2,64,33,64", "5,130,19,16", "4,1024,8,1024", "1,2048,3,2048"})
    void matmulAgreesWithTheScalarKernel(int rows, int in, int out, int stride) {
        SplittableRandom r = new SplittableRandom(rows * 31L + in);
        float[] x = random(r, (rows - 1) * stride + in + 3);
        Matrix w = new Matrix(out, in, random(r, out * in));
        float[] bias = random(r, out);
        float[] a = new float[rows * out + 2];
        float[] b = new float[rows * out + 2];
        vector.matmul(x, 3, stride, rows, w, bias, a, 2);
        scalar.matmul(x, 3, stride, rows, w, bias, b, 2);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f * (float) Math.sqrt(in)));
        }
        // spot-check one value against a double-precision sum
        double expected = bias[out - 1];
        for (int i = 0; i < in; i++) {
            expected += (double) x[3 + (rows - 1) * stride + i] * w.get(out - 1, i);
        }
        assertThat((double) a[2 + rows * out - 1]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * Math.sqrt(in)));
    }

    @ParameterizedTest
    @CsvSource({"1,1024,64", "1,64,17", "5,130,33", "7,3,1", "13,96,100", "25,64,48", "6,256,16"})
    void bfloat16ProductsAgreeWithTheScalarKernel(int rows, int in, int out) {
        SplittableRandom r = new SplittableRandom(rows * 17L + in * 3L + out);
        float[] x = random(r, rows * in);
        short[] bits = new short[out * in];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (short) (Float.floatToIntBits((float) r.nextGaussian()) >>> 16);
        }
        Matrix w = Matrix.ofBf16(out, in, bits);
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                assertThat(w.get(o, i)).isEqualTo(Float.intBitsToFloat(bits[o * in + i] << 16));
            }
        }
        float[] bias = random(r, out);
        float[] a = new float[rows * out];
        float[] b = new float[rows * out];
        vector.matmul(x, 0, in, rows, w, bias, a, 0);
        scalar.matmul(x, 0, in, rows, w, bias, b, 0);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-4f * (float) Math.sqrt(in)));
        }
    }

    @Test
    void splittingAProductAcrossThreadsChangesNoBit() {
        SplittableRandom r = new SplittableRandom(11);
        for (int[] shape : new int[][] {{1, 1024, 1024}, {16, 512, 1536}, {600, 96, 64}}) {
            int rows = shape[0];
            int in = shape[1];
            int out = shape[2];
            float[] x = random(r, rows * in);
            Matrix w = new Matrix(out, in, random(r, out * in));
            float[] single = new float[rows * out];
            float[] split = new float[rows * out];
            try {
                WorkerPool.configure(1);
                vector.matmul(x, 0, in, rows, w, null, single, 0);
                WorkerPool.configure(2);
                vector.matmul(x, 0, in, rows, w, null, split, 0);
            } finally {
                WorkerPool.configure(Runtime.getRuntime().availableProcessors());
            }
            assertThat(split).containsExactly(single);
        }
    }

    @Test
    void dotAndAxpyAgreeWithTheScalarKernel() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 15, 16, 17, 100, 1024}) {
            float[] a = random(r, n + 1);
            float[] b = random(r, n + 2);
            assertThat(vector.dot(a, 1, b, 2, n)).isCloseTo(scalar.dot(a, 1, b, 2, n), org.assertj.core.data.Offset.offset(1e-4f));
            float[] y1 = random(r, n);
            float[] y2 = y1.clone();
            vector.axpy(0.3f, a, 1, y1, 0, n);
            scalar.axpy(0.3f, a, 1, y2, 0, n);
            assertThat(y1).containsExactly(y2, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void erfMatchesKnownValues() {
        assertThat(Activations.erf(0)).isEqualTo(0.0);
        assertThat(Activations.erf(0.5)).isCloseTo(0.5204998778130465, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Activations.erf(1)).isCloseTo(0.8427007929497149, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Activations.erf(-2)).isCloseTo(-0.9953222650189527, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Activations.erf(3.5)).isCloseTo(0.9999992569016276, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(Activations.erf(7)).isEqualTo(1.0);
    }

    @Test
    void layerNormNormalisesEachRow() {
        float[] x = {1, 2, 3, 4, -1, -1, -1, 5};
        float[] y = new float[8];
        Norms.layerNorm(x, 0, y, 0, 2, 4, null, null, 0f);
        double mean = (y[0] + y[1] + y[2] + y[3]) / 4;
        double var = 0;
        for (int i = 0; i < 4; i++) {
            var += (y[i] - mean) * (y[i] - mean) / 4;
        }
        assertThat(mean).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(var).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(y[7]).isCloseTo((float) (4.5 / Math.sqrt(6.75)), org.assertj.core.data.Offset.offset(1e-5f));
    }
}
