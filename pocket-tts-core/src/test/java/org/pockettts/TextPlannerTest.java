package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.ModelFormatException;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.testing.Fixtures;

/** Planning a text from the configuration and tokenizer alone, without the weights. */
class TextPlannerTest {

    private static final String TEXT = "Hello world. [pause:1.5s] It costs $12, on the 3rd of May. And a much longer"
            + " second sentence follows here, so that the text is cut into more than one chunk of text.";

    @Test
    void plansAsTheLoadedModelDoesWithoutTheWeights(@TempDir Path dir) throws IOException {
        // The configuration and tokenizer without the weights file: loading fails, planning does not.
        Files.copy(Fixtures.tiny("tiny.yaml"), dir.resolve("tiny.yaml"));
        Files.copy(Fixtures.tiny("tokenizer.model"), dir.resolve("tokenizer.model"));
        ModelConfig withoutWeights = ModelConfig.load(dir.resolve("tiny.yaml"));
        assertThatThrownBy(() -> TtsModel.builder(withoutWeights).load()).isInstanceOf(ModelFormatException.class);

        TtsModel model = Fixtures.tinyModel();
        for (GenerationOptions options : new GenerationOptions[] {GenerationOptions.defaults(),
                GenerationOptions.defaults().withNormalize(true).withMaxTokensPerChunk(12).withFramesAfterEos(7)}) {
            SpeechPlan fromModel = model.plan(TEXT, options);
            SpeechPlan fromPlanner = TtsModel.builder(withoutWeights).compat(model.compat()).planner().plan(TEXT, options);
            assertThat(fromPlanner).isEqualTo(fromModel);
            assertThat(fromPlanner.items()).hasSizeGreaterThan(2);
        }
    }

    @Test
    void followsTheChosenBehaviour() {
        ModelConfig config = Fixtures.tinyModel().config();
        String text = "Two words";
        SpeechPlan.Chunk v1 = (SpeechPlan.Chunk) TtsModel.builder(config).compat(Compat.V1_0).planner()
                .plan(text, GenerationOptions.defaults()).items().getFirst();
        SpeechPlan.Chunk v3 = (SpeechPlan.Chunk) TtsModel.builder(config).compat(Compat.V3_3).planner()
                .plan(text, GenerationOptions.defaults()).items().getFirst();
        // The most frames of a chunk: int((words + 2) * 12.5) in 1.0, ceil((tokens / 3 + 2) * 12.5) from 2.1 on.
        assertThat(v1.maxFrames()).isEqualTo(50);
        assertThat(v3.maxFrames()).isEqualTo((int) Math.ceil((v3.tokens() / 3.0 + 2) * 12.5));
        assertThat(v3.maxFrames()).isNotEqualTo(v1.maxFrames());
    }

    @Test
    void aMissingTokenizerIsNamed(@TempDir Path dir) throws IOException {
        Files.copy(Fixtures.tiny("tiny.yaml"), dir.resolve("tiny.yaml"));
        ModelConfig config = ModelConfig.load(dir.resolve("tiny.yaml"));
        assertThatThrownBy(() -> TtsModel.builder(config).planner()).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tokenizer.model");
    }
}
