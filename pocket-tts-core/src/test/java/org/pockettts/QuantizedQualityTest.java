package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pockettts.config.ModelConfig;
import org.pockettts.testing.Numbers;

/**
 * How close {@code --quantize} (int8 FlowLM transformer, one scale per output channel) stays to the
 * unquantized output of the same model, on the {@code gen0} case of the pocket-tts 2.1.0 and 3.3
 * fixtures: "Hello world.", temperature 0, the end of speech never detected, so both runs make the
 * same 63 frames. The unquantized run is first checked against the reference's float32 output, so
 * that the comparison starts from the right numbers. The reference's own int8 (per-tensor weights)
 * on the 2.1.0 case, against its float32 output ({@code tiny-v2} README): latents cosine 0.999988
 * and SNR 46.4 dB, audio SNR 52.2 dB. The floors are what ours measured, less a small margin: a
 * change that makes int8 worse fails here.
 */
class QuantizedQualityTest {

    @ParameterizedTest(name = "{0}")
    // Measured: tiny-v2 latents cosine 0.999994, SNR 48.9 dB, audio SNR 54.9 dB (all above the
    // reference's int8); tiny-v3 0.999993, 48.5 dB, 54.6 dB.
    @CsvSource({"V2, 0.99999, 48.0, 54.0", "V3, 0.99999, 47.5, 53.5"})
    void int8StaysCloseToTheUnquantizedOutput(PackGoldens.Fixture f, double cosineFloor, double latentFloorDb,
                                              double audioFloorDb) {
        JsonNode c = f.testCase("gen0");
        RecordedRun exact = run(f, c, false);
        RecordedRun int8 = run(f, c, true);
        Numbers.assertClose("unquantized latents", f.tensors().floats("gen0.latents"), exact.latents(), f.tolerance);
        assertThat(int8.latents()).hasSameSizeAs(exact.latents());
        double cosine = Numbers.cosine(exact.latents(), int8.latents());
        double latentSnr = Numbers.snrDb(exact.latents(), int8.latents());
        double audioSnr = Numbers.snrDb(exact.audio(), int8.audio());
        System.out.printf("%s gen0, int8 against unquantized: latents cosine %.6f, SNR %.1f dB; audio SNR %.1f dB%n",
                f.folder, cosine, latentSnr, audioSnr);
        assertThat(cosine).as("latents cosine").isGreaterThanOrEqualTo(cosineFloor);
        assertThat(latentSnr).as("latents SNR").isGreaterThanOrEqualTo(latentFloorDb);
        assertThat(audioSnr).as("audio SNR").isGreaterThanOrEqualTo(audioFloorDb);
    }

    private static RecordedRun run(PackGoldens.Fixture f, JsonNode c, boolean quantize) {
        try (TtsModel model = TtsModel.builder(ModelConfig.load(f.file(c.get("config").asText()))).compat(f.compat)
                .quantize(quantize).load()) {
            assertThat(model.quantized()).isEqualTo(quantize);
            return PackGoldens.run(model, PackGoldens.voice(model, f, c), c);
        }
    }
}
