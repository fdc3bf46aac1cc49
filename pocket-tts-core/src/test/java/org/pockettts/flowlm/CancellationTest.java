package org.pockettts.flowlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.config.ModelConfig;
import org.pockettts.mimi.Mimi;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;

/**
 * Every loop that can run long asks whether its work is still wanted, often enough that a stop
 * takes effect within it: the prompt's blocks, the flow steps, the noise redraws, the pieces of a
 * voice being encoded.
 */
class CancellationTest {

    private static FlowLm flowLm;
    private static Mimi mimi;

    @BeforeAll
    static void load() {
        ModelConfig config = ModelConfig.load(Fixtures.tiny("tiny.yaml"));
        try (SafeTensors st = SafeTensors.open(Fixtures.tiny("tiny.safetensors"))) {
            Weights w = new Weights(st);
            flowLm = FlowLm.load(config, w);
            mimi = Mimi.load(config, w);
        }
    }

    /** Counts the questions and stops at the {@code stopAt}-th. */
    private static final class Counting implements Cancellation {
        final AtomicInteger asked = new AtomicInteger();
        final int stopAt;

        Counting(int stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public void check() {
            if (asked.incrementAndGet() >= stopAt) {
                throw new CancellationException("stop");
            }
        }
    }

    @Test
    void aPromptAsksBeforeEachBlockOfRows() {
        int rows = 2 * FlowLm.PROMPT_BLOCK + 5;
        Counting never = new Counting(Integer.MAX_VALUE);
        flowLm.prompt(flowLm.newState(), new float[rows * flowLm.dim()], rows, never);
        assertThat(never.asked.get()).isEqualTo(3);

        FlowLm.State state = flowLm.newState();
        assertThatThrownBy(() -> flowLm.prompt(state, new float[rows * flowLm.dim()], rows, new Counting(2)))
                .isInstanceOf(CancellationException.class);
        assertThat(state.length()).as("only the first block went in").isEqualTo(FlowLm.PROMPT_BLOCK);
    }

    @Test
    void aStepAsksBeforeEachFlowStep() {
        int steps = 64;
        FlowLm.State state = flowLm.newState();
        Counting never = new Counting(Integer.MAX_VALUE);
        flowLm.step(state, null, new FlowLm.Sampling(steps, 0f, null, new SplittableRandom(1)), never);
        assertThat(never.asked.get()).isEqualTo(steps);
        Counting stop = new Counting(10);
        assertThatThrownBy(() -> flowLm.step(flowLm.newState(), null,
                new FlowLm.Sampling(steps, 0f, null, new SplittableRandom(1)), stop))
                .isInstanceOf(CancellationException.class);
        assertThat(stop.asked.get()).isEqualTo(10);
    }

    @Test
    void noiseRedrawsAskAndEndAtTheirLimit() {
        // A clamp of 0.01 standard deviations keeps under 1 % of the draws: many redraws, each asked about.
        Counting stop = new Counting(50);
        assertThatThrownBy(() -> Noise.sample(32, 1f, 0.01f, new SplittableRandom(2), stop))
                .isInstanceOf(CancellationException.class);
        // A clamp nothing passes ends after MAX_DRAWS draws of one value instead of running for ever.
        assertThatThrownBy(() -> Noise.sample(1, 1f, Float.MIN_VALUE, new SplittableRandom(3), Cancellation.NEVER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(Noise.MAX_DRAWS + " draws");
    }

    @Test
    void encodingAVoiceAsksBeforeEachPiece() {
        int frames = 20;
        float[] audio = new float[frames * mimi.frameSize()];
        Counting never = new Counting(Integer.MAX_VALUE);
        assertThat(mimi.encode(audio, never).frames()).isEqualTo(frames);
        assertThat(never.asked.get()).isEqualTo(3);
        assertThatThrownBy(() -> mimi.encode(audio, new Counting(2))).isInstanceOf(CancellationException.class);
    }
}
