package org.pockettts.mimi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pockettts.config.ModelConfig;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

class MimiEncodeTest {

    @Test
    void encodingTheResampledVoiceGivesTheGoldenLatents() {
        ModelConfig config = ModelConfig.load(Fixtures.tiny("tiny.yaml"));
        try (SafeTensors st = SafeTensors.open(Fixtures.tiny("tiny.safetensors"))) {
            Mimi mimi = Mimi.load(config, new Weights(st));
            float[] audio = Fixtures.goldenTensors().floats("voice.resampled", 1, 70230);
            Signal latents = mimi.encode(audio, Cancellation.NEVER);
            assertThat(latents.frames()).isEqualTo(37);
            assertThat(latents.channels()).isEqualTo(32);
            float[] golden = Fixtures.goldenTensors().floats("voice.mimi_latents", 1, 32, 37);
            float[] transposed = new float[golden.length];
            for (int c = 0; c < 32; c++) {
                for (int t = 0; t < 37; t++) {
                    transposed[t * 32 + c] = golden[c * 37 + t];
                }
            }
            Numbers.assertClose("mimi latents", transposed, latents.data(), 1e-4);
        }
    }
}
