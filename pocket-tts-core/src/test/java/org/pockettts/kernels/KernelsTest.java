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
    void theWidthIsTheForcedOneOrTheMachinesCappedAt512() {
        int preferred = Math.min(512, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize());
        assertThat(VectorWidth.choose(null, null)).isEqualTo(preferred);
        assertThat(VectorWidth.choose(null, "128")).isEqualTo(128);
        assertThat(VectorWidth.choose(null, " 256 ")).isEqualTo(256);
        assertThat(VectorWidth.choose(null, "512")).isEqualTo(512);
        assertThat(VectorWidth.choose("scalar", "512")).isZero();
    }

    @Test
    void aWidthThatIsNotOneOfTheThreeIsRefusedWithTheAllowedValues() {
        for (String bad : new String[] {"64", "1024", "wide", ""}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> VectorWidth.choose(null, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pockettts.vectorBits must be 128, 256 or 512 (bits per vector), got '" + bad + "'");
        }
    }
}
