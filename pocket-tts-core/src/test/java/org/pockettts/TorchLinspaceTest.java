package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;

/** The 3.3 fade gains are PyTorch's {@code linspace} tensors, bit for bit. */
class TorchLinspaceTest {

    @Test
    void theChunkFadeInIsTheReferencesTensor() {
        float[] golden = Fixtures.goldenTensorsV3().floats("fade_in", 120);
        assertThat(TorchLinspace.of(0f, 1f, 120)).containsExactly(golden);
        assertThat(24000 / TtsModel.FADE_IN_DIVISOR).isEqualTo(Fixtures.goldenV3().get("constants").get("fade_in_samples").asInt());
    }

    @Test
    void thePromptFadeOutIsTheReferencesTensor() {
        assertThat(TorchLinspace.of(1f, 0f, EndOnPause.FRAME))
                .containsExactly(Fixtures.goldenTensorsV3().floats("end_on_pause.fade_out", 480));
    }

    @Test
    void endpointsAreExactAndEveryValueWithinTwoUlpsOfTheQuotient() {
        for (int steps : new int[] {2, 3, 7, 9, 120, 481}) {
            float[] g = TorchLinspace.of(0f, 1f, steps);
            assertThat(g[0]).isZero();
            assertThat(g[steps - 1]).isEqualTo(1f);
            for (int i = 0; i < steps; i++) {
                float q = (float) ((double) i / (steps - 1));
                assertThat(Math.abs(g[i] - q)).as("%d of %d", i, steps).isLessThanOrEqualTo(2 * Math.ulp(q));
            }
        }
    }
}
