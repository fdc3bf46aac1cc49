package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

class MimiInputTest {

    /** A real 48 kHz prompt, as the reference prepares it for the Mimi encoder (read from ../shared only). */
    @Test
    void realPromptAt48kHzResampledAndPaddedEqualsTheReferenceMimiInput() {
        Path wav = Fixtures.shared("real/parity-babybirdprd/ref.wav");
        Path tensors = Fixtures.shared("real/parity-babybirdprd/ref_mimi_input.safetensors");
        Audio prompt = WavReader.read(wav);
        float[] expected;
        try (SafeTensors st = SafeTensors.open(tensors)) {
            expected = st.floats("mimi_input", 1, 1, 167040);
        }

        float[] actual = MimiInput.fromPrompt(prompt);

        assertThat(prompt.sampleRate()).isEqualTo(48000);
        assertThat(prompt.length()).isEqualTo(331_708);
        assertThat(Numbers.maxAbsDiff(expected, actual)).as("max abs diff").isZero();
        Numbers.assertClose("mimi_input", expected, actual, 1e-6);
    }

    @Test
    void tinyVoicePadsTo37Frames() {
        float[] input = MimiInput.fromPrompt(WavReader.read(Fixtures.tiny("voice.wav")));

        // 70230 samples at 24 kHz make 36.6 frames: 37 frames, the length of voice.mimi_latents.
        assertThat(input).hasSize(37 * 1920);
        float[] resampled = Fixtures.goldenTensors().floats("voice.resampled", 1, 70230);
        for (int i = 0; i < input.length; i++) {
            assertThat(input[i]).isEqualTo(i < resampled.length ? resampled[i] : 0f);
        }
    }

    @Test
    void padsWithZerosToAMultipleOfTheFrameSize() {
        float[] x = {1, 2, 3, 4, 5};

        assertThat(MimiInput.padToMultiple(x, 4)).containsExactly(1, 2, 3, 4, 5, 0, 0, 0);
        assertThat(MimiInput.padToFrames(new float[1921])).hasSize(3840);
        assertThat(MimiInput.padToFrames(new float[0])).isEmpty();
    }

    @Test
    void wholeFramesAreReturnedAsTheyAre() {
        float[] x = new float[2 * 1920];

        assertThat(MimiInput.padToFrames(x)).isSameAs(x);
    }
}
