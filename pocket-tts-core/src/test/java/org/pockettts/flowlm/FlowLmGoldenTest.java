package org.pockettts.flowlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pockettts.config.ModelConfig;
import org.pockettts.mimi.Mimi;
import org.pockettts.mimi.Signal;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

class FlowLmGoldenTest {

    @Test
    void firstCaseLatentsAndEosLogitsMatchTheReference() {
        ModelConfig config = ModelConfig.load(Fixtures.tiny("tiny.yaml"));
        try (SafeTensors st = SafeTensors.open(Fixtures.tiny("tiny.safetensors"))) {
            Weights w = new Weights(st);
            Mimi mimi = Mimi.load(config, w);
            FlowLm flowLm = FlowLm.load(config, w);
            Signal latents = mimi.encode(Fixtures.goldenTensors().floats("voice.resampled"), Cancellation.NEVER);
            float[] cond = flowLm.speakerConditioning(latents.data(), latents.frames());
            Numbers.assertClose("conditioning", Fixtures.goldenTensors().floats("voice.conditioning"), cond, 1e-4);
            FlowLm.State state = flowLm.newState();
            flowLm.prompt(state, cond, latents.frames(), Cancellation.NEVER);
            int[] tokens = {647, 879, 279, 259, 306, 302, 295, 266, 260};
            flowLm.prompt(state, flowLm.embed(tokens), tokens.length, Cancellation.NEVER);
            float[] goldenLatents = Fixtures.goldenTensors().floats("gen0.latents");
            float[] goldenEos = Fixtures.goldenTensors().floats("gen0.eos_logits");
            float[] prev = null;
            FlowLm.Sampling sampling = new FlowLm.Sampling(1, 0f, null, new Random(0));
            float[] got = new float[goldenLatents.length];
            float[] eos = new float[goldenEos.length];
            for (int f = 0; f < goldenEos.length; f++) {
                FlowLm.Frame frame = flowLm.step(state, prev, sampling, Cancellation.NEVER);
                System.arraycopy(frame.latent(), 0, got, f * 8, 8);
                eos[f] = frame.eosLogit();
                prev = frame.latent();
            }
            Numbers.assertClose("eos", goldenEos, eos, 1e-4);
            Numbers.assertClose("latents", goldenLatents, got, 1e-4);
            assertThat(Numbers.maxAbsDiff(goldenLatents, got)).isLessThan(1e-4);
        }
    }
}
