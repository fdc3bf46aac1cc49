package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scalar helpers of the kernels package, and how the vector width is chosen. */
class KernelsTest {

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

    @Test
    void thePortableProductsAllocateNothingPerCall() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        int rows = 3;
        int in = 37;
        int out = Matrix.PANEL + 5;
        float[] w = new float[out * in];
        float[] x = new float[rows * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = Float.intBitsToFloat(Float.floatToRawIntBits((float) r.nextGaussian()) & 0xFFFF0000);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] bias = new float[out];
        float[] y = new float[rows * out];
        Kernels scalar = new ScalarKernels();
        for (Matrix.Storage storage : Matrix.Storage.values()) {
            Matrix m = Matrix.pack(java.lang.foreign.Arena.ofAuto(), RowTable.of(out, in, w), storage);
            for (int i = 0; i < 200; i++) {
                scalar.matmul(x, 0, in, rows, m, bias, y, 0);
            }
            // Less than a byte per call: the smallest object per call would be 16 bytes; the JIT may
            // still link a call site once in a while.
            int calls = 2000;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                scalar.matmul(x, 0, in, rows, m, bias, y, 0);
            }
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("bytes allocated by %d %s products",
                    calls, storage).isLessThan(calls);
        }
    }

    @Test
    void theWidthIsTheForcedOneOrTheMachinesCappedAt512() {
        int preferred = Math.min(512, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        assertThat(VectorWidth.choose(null, null)).isEqualTo(preferred);
        assertThat(VectorWidth.choose(null, "128")).isEqualTo(128);
        assertThat(VectorWidth.choose(null, " 256 ")).isEqualTo(256);
        assertThat(VectorWidth.choose(null, "512")).isEqualTo(512);
        assertThat(VectorWidth.choose("scalar", "512")).isZero();
    }

    @Test
    void aWidthThatIsNotOneOfTheThreeIsNamedWithTheAllowedValuesAndTheMachinesIsUsed() {
        int preferred = VectorWidth.choose(null, null);
        for (String bad : new String[] {"64", "1024", "wide", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> VectorWidth.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pockettts.vectorBits must be 128, 256 or 512 (bits per vector), got '" + bad + "'");
            assertThat(VectorWidth.choose(null, bad)).isEqualTo(preferred);
        }
    }
}
