package org.pockettts.flowlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pockettts.api.ModelFormatException;
import org.pockettts.config.ModelConfig;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;

/**
 * The three samplers of {@code flow_lm.flow.type}, each against {@link FlowNetOracle}: a double
 * precision implementation of the network and the sampler loops, itself checked on LSD, the sampler
 * every golden runs. Each case starts from seeded noise and a seeded transformer output.
 */
class SamplerTest {

    private static final double TOLERANCE = 1e-5;

    private static FlowLm model(String config, String flowType, SafeTensors weights) throws IOException {
        String yaml = Files.readString(Fixtures.tinyV3(config)).replaceAll("\\n    type: \\w+", "")
                .replace("    dim: 32\n", "    dim: 32\n    type: " + flowType + "\n");
        return FlowLm.load(ModelConfig.parse(yaml, config, Fixtures.tinyV3()), new Weights(weights));
    }

    private static float[] gaussian(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static float[] sample(FlowLm model, float[] h, float[] noise, int steps) {
        float[] latent = noise.clone();
        model.sample(h, latent, steps, model.newState(), Cancellation.NEVER);
        return latent;
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("value %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }

    @Test
    void theOracleReproducesTheLsdSamplerOfTheGoldens() throws IOException {
        try (SafeTensors w = SafeTensors.open(Fixtures.tinyV3("tiny.safetensors"))) {
            FlowLm lsd = model("tiny.yaml", "lsd", w);
            FlowNetOracle oracle = new FlowNetOracle(w, 2);
            for (int steps : new int[] {1, 3}) {
                float[] h = gaussian(64, steps);
                float[] noise = gaussian(8, 100 + steps);
                assertClose(sample(lsd, h, noise, steps), oracle.lsd(h, noise, steps));
            }
        }
    }

    @Test
    void flowMatchingTakesOneTimeConditionPerStep() throws IOException {
        try (SafeTensors w = SafeTensors.open(Fixtures.tinyV3("tiny.safetensors"))) {
            FlowLm flowMatching = model("tiny.yaml", "flow_matching", w);
            FlowLm lsd = model("tiny.yaml", "lsd", w);
            FlowNetOracle oracle = new FlowNetOracle(w, 2);
            float[] h = gaussian(64, 7);
            float[] noise = gaussian(8, 8);
            float[] latent = sample(flowMatching, h, noise, 3);
            assertClose(latent, oracle.flowMatching(h, noise, 3));
            // The two samplers differ on the same network: the time conditions matter.
            assertThat(latent).isNotEqualTo(sample(lsd, h, noise, 3));
        }
    }

    @Test
    void driftingCallsTheNetworkOnceOnTheNoiseWhateverTheSteps() throws IOException {
        try (SafeTensors w = SafeTensors.open(Fixtures.tinyV3("tiny_drifting.safetensors"))) {
            FlowLm drifting = model("tiny_drifting.yaml", "drifting", w);
            FlowNetOracle oracle = new FlowNetOracle(w, 2);
            float[] h = gaussian(64, 9);
            float[] noise = gaussian(8, 10);
            assertClose(sample(drifting, h, noise, 1), oracle.drifting(h, noise));
            assertThat(sample(drifting, h, noise, 4)).isEqualTo(sample(drifting, h, noise, 1));
            // The drifting pack has no time embeddings: read as LSD its weights are missing tensors.
            assertThatThrownBy(() -> model("tiny_drifting.yaml", "lsd", w)).isInstanceOf(ModelFormatException.class)
                    .hasMessageContaining("time_embed.0");
        }
    }
}
