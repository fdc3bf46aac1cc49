package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.pockettts.config.ModelConfig;
import org.pockettts.testing.Numbers;

/**
 * How close {@code --quantize} (int8 FlowLM transformer, one scale per output channel) stays to the
 * unquantized output of the same model, on the pocket-tts 2.1.0 fixture's {@code gen0}: "Hello
 * world.", temperature 0, the end of speech never detected, so both runs make the same 63 frames.
 * The reference's own int8 (per-tensor weights) on this case, against its float32 output
 * ({@code tiny-v2} README): latents cosine 0.999988 and SNR 46.4 dB, audio SNR 52.2 dB. The floors
 * below are what ours measured, less a small margin: a change that makes int8 worse fails here.
 */
class QuantizedQualityTest {

    /** Measured: latents cosine 0.999994, SNR 48.9 dB, audio SNR 54.9 dB; all above the reference's int8. */
    private static final double LATENT_COSINE_FLOOR = 0.99999;
    private static final double LATENT_SNR_FLOOR_DB = 48.0;
    private static final double AUDIO_SNR_FLOOR_DB = 54.0;

    @Test
    void int8StaysCloseToTheUnquantizedOutputOfTheTinyPackModel() {
        PackGoldens.Fixture f = PackGoldens.Fixture.V2;
        JsonNode c = f.testCase("gen0");
        RecordedRun exact = run(f, c, false);
        RecordedRun int8 = run(f, c, true);
        // The unquantized run is the reference's float32 output; int8 is compared with it.
        Numbers.assertClose("unquantized latents", f.tensors().floats("gen0.latents"), exact.latents(), f.tolerance);
        assertThat(int8.latents()).hasSameSizeAs(exact.latents());
        double cosine = Numbers.cosine(exact.latents(), int8.latents());
        double latentSnr = Numbers.snrDb(exact.latents(), int8.latents());
        double audioSnr = Numbers.snrDb(exact.audio(), int8.audio());
        System.out.printf("tiny-v2 gen0, int8 against unquantized: latents cosine %.6f, SNR %.1f dB; audio SNR %.1f dB"
                + " (the reference's int8: 0.999988, 46.4 dB, 52.2 dB)%n", cosine, latentSnr, audioSnr);
        assertThat(cosine).as("latents cosine").isGreaterThanOrEqualTo(LATENT_COSINE_FLOOR);
        assertThat(latentSnr).as("latents SNR").isGreaterThanOrEqualTo(LATENT_SNR_FLOOR_DB);
        assertThat(audioSnr).as("audio SNR").isGreaterThanOrEqualTo(AUDIO_SNR_FLOOR_DB);
    }

    private static RecordedRun run(PackGoldens.Fixture f, JsonNode c, boolean quantize) {
        try (TtsModel model = TtsModel.builder(ModelConfig.load(f.file(c.get("config").asText()))).compat(f.compat)
                .quantize(quantize).load()) {
            assertThat(model.quantized()).isEqualTo(quantize);
            return PackGoldens.run(model, PackGoldens.voice(model, f, c), c);
        }
    }
}
