package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.mimi.Mimi;
import org.pockettts.mimi.Signal;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

/**
 * Cloning a voice from {@code voice.wav} with the 2.x pack architecture (Mimi latents of
 * {@code inner_dim} channels, the learned token before the voice) and, under 3.3, the prompt ending
 * on a pause: every intermediate tensor against the references'.
 */
class VoicePromptGoldenTest {

    /** [channels, frames] to [frames, channels]. */
    private static float[] transpose(float[] x, int channels, int frames) {
        float[] out = new float[x.length];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < frames; t++) {
                out[t * channels + c] = x[c * frames + t];
            }
        }
        return out;
    }

    private static void checkPrompt(Path config, SafeTensors golden, Behaviour behaviour, float[] audio, int frames,
                                    float[] goldenLatents) {
        ModelConfig c = ModelConfig.load(config);
        try (SafeTensors st = SafeTensors.open(config.resolveSibling("tiny.safetensors"))) {
            Weights w = new Weights(st);
            Mimi mimi = Mimi.load(c, w, behaviour.gelu());
            FlowLm flowLm = FlowLm.load(c, w, behaviour.gelu(), WeightFormat.AS_STORED);
            Signal latents = mimi.encode(audio, Cancellation.NEVER);
            assertThat(latents.frames()).isEqualTo(frames);
            assertThat(latents.channels()).as("inner_dim").isEqualTo(16);
            Numbers.assertClose("mimi latents", goldenLatents, latents.data(), 1e-5);
            float[] conditioning = flowLm.speakerConditioning(latents.data(), frames);
            Numbers.assertClose("conditioning", golden.floats("voice.conditioning", 1, frames, 64), conditioning, 1e-5);
            assertThat(flowLm.voicePromptRows(frames)).isEqualTo(frames + 1);
            float[] prompt = flowLm.voicePrompt(conditioning, frames);
            Numbers.assertClose("prompt", golden.floats("voice.prompt", 1, frames + 1, 64), prompt, 1e-5);
            float[] bos = java.util.Arrays.copyOf(prompt, 64);
            assertThat(bos).as("bos_before_voice, widened exactly").containsExactly(golden.floats("voice.bos_before_voice"));
        }
    }

    @Test
    void v2PromptIsTheLearnedTokenThenTheProjectedInnerLatents() {
        SafeTensors golden = Fixtures.goldenTensorsV2();
        checkPrompt(Fixtures.tinyV2("tiny.yaml"), golden, Behaviour.V2_1, golden.floats("voice.resampled", 1, 70230), 37,
                transpose(golden.floats("voice.mimi_latents", 1, 16, 37), 16, 37));
    }

    @Test
    void v3PromptEndsOnAPauseBeforeItIsEncoded() {
        SafeTensors golden = Fixtures.goldenTensorsV3();
        float[] resampled = golden.floats("voice.resampled", 1, 70230);
        float[] trimmed = EndOnPause.apply(resampled, 24000);
        assertThat(trimmed).as("cut, faded and padded, exactly").isEqualTo(golden.floats("voice.end_on_pause", 1, 62880));
        Numbers.assertClose("frame levels (dB)", golden.floats("voice.end_on_pause_frame_db", 146),
                toFloats(EndOnPause.levels(resampled, resampled.length / EndOnPause.FRAME)), 1e-3);
        assertThat(Math.round(EndOnPause.PAUSE_SECONDS * 24000))
                .isEqualTo(Fixtures.goldenV3().get("end_on_pause").get("pause_samples").asLong());
        checkPrompt(Fixtures.tinyV3("tiny.yaml"), golden, Behaviour.V3_3, trimmed, 33,
                golden.floats("voice.mimi_latents", 1, 33, 16));
    }

    @Test
    void aPromptShorterThanOneFrameIsUsedAsItIs() {
        float[] shortPrompt = {0.5f, -0.25f, 0.125f};
        assertThat(EndOnPause.apply(shortPrompt, 24000)).isSameAs(shortPrompt);
    }

    @Test
    void theVoicesOfTheModelsHaveTheReferencesPromptLengths() {
        for (PackGoldens.Fixture f : PackGoldens.Fixture.values()) {
            var prompt = f.golden().get("voice_prompt");
            Voice voice = PackGoldens.voice(f, f.testCase("gen0"));
            assertThat(voice.frames()).as(f.folder).isEqualTo(prompt.get("frames").asInt());
            assertThat(voice.positions()).as(f.folder).isEqualTo(prompt.get("prompt_positions").asInt());
        }
    }

    private static float[] toFloats(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
