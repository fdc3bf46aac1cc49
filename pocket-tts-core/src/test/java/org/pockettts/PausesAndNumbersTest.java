package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.testing.Fixtures;

/**
 * Pause markup and numbers read aloud through the facade: the plan ({@link TtsModel#plan}) and the
 * speech, where a pause is exact zero samples between chunks generated as they would be alone.
 */
class PausesAndNumbersTest {

    private static final GenerationOptions DETERMINISTIC = GenerationOptions.defaults().withTemperature(0f);

    private static List<float[]> frames(TtsModel model, Voice voice, String text) {
        List<float[]> frames = new ArrayList<>();
        try (AudioStream stream = model.stream(voice, text, DETERMINISTIC)) {
            stream.frames().forEach(frames::add);
        }
        return frames;
    }

    @Test
    void thePlanListsChunksAndPausesInOrder() {
        SpeechPlan plan = Fixtures.tinyModel().plan("Hello world. [pause:1.5s] Second part here.", DETERMINISTIC);
        assertThat(plan.items()).hasSize(3);
        assertThat(plan.items().get(0)).isEqualTo(new SpeechPlan.Chunk("Hello world.", 9, 5, 50));
        assertThat(plan.items().get(1)).isEqualTo(new SpeechPlan.Pause(1.5, 36000));
        assertThat(((SpeechPlan.Chunk) plan.items().get(2)).text()).isEqualTo("Second part here.");
        assertThat(plan.warnings()).isEmpty();
        SpeechPlan clamped = Fixtures.tinyModel().plan("One.[pause:20s]Two.", DETERMINISTIC);
        assertThat(clamped.items().get(1)).isEqualTo(new SpeechPlan.Pause(10.0, 240000));
        assertThat(clamped.warnings()).singleElement().asString().contains("10");
        SpeechPlan ssml = Fixtures.tinyModel().plan("<speak>Hi there.<break time=\"300ms\"/>Bye now.</speak>",
                DETERMINISTIC);
        assertThat(ssml.items()).extracting(Object::getClass).containsExactly(SpeechPlan.Chunk.class,
                SpeechPlan.Pause.class, SpeechPlan.Chunk.class);
        assertThat(ssml.items().get(1)).isEqualTo(new SpeechPlan.Pause(0.3, 7200));
    }

    @Test
    void aPauseIsExactSilenceBetweenChunksSpokenAsTheyWouldBeAlone() {
        TtsModel model = Fixtures.tinyModel();
        Voice voice = Fixtures.tinyVoice();
        float[] first = RecordedRun.concat(frames(model, voice, "Hello world."));
        float[] second = RecordedRun.concat(frames(model, voice, "Second part here."));
        List<float[]> frames = frames(model, voice, "Hello world. [pause:0.7s] Second part here.");
        float[] all = RecordedRun.concat(frames);
        int pause = 16800;
        assertThat(all).hasSize(first.length + pause + second.length);
        assertThat(Arrays.copyOfRange(all, 0, first.length)).isEqualTo(first);
        assertThat(Arrays.copyOfRange(all, first.length, first.length + pause)).containsOnly(0f);
        assertThat(Arrays.copyOfRange(all, first.length + pause, all.length)).isEqualTo(second);
        // 16800 samples: eight whole frames and a partial one.
        int pauseFrame = first.length / 1920;
        assertThat(frames.subList(pauseFrame, pauseFrame + 9)).extracting(f -> f.length)
                .containsExactly(1920, 1920, 1920, 1920, 1920, 1920, 1920, 1920, 1440);
    }

    @Test
    void under33EveryChunkAfterAPauseFadesInFromAFreshDecoder() {
        PackGoldens.Fixture f = PackGoldens.Fixture.V3;
        TtsModel model = PackGoldens.model(f, f.testCase("gen0"));
        Voice voice = PackGoldens.voice(f, f.testCase("gen0"));
        float[] second = RecordedRun.concat(frames(model, voice, "Then more."));
        float[] all = RecordedRun.concat(frames(model, voice, "Hello world.[pause:0.1s]Then more."));
        float[] tail = Arrays.copyOfRange(all, all.length - second.length, all.length);
        assertThat(tail).isEqualTo(second);
        assertThat(second[0]).as("the fade-in starts from silence").isZero();
        assertThat(Arrays.copyOfRange(all, all.length - second.length - 2400, all.length - second.length)).containsOnly(0f);
    }

    @Test
    void aTextOfPausesOnlyIsSilence() {
        List<float[]> frames;
        try (AudioStream stream = Fixtures.tinyModel().stream(Fixtures.tinyVoice(), "[pause:0.3s]", DETERMINISTIC)) {
            frames = new ArrayList<>();
            stream.frames().forEach(frames::add);
            assertThat(stream.stats().latents()).isZero();
            assertThat(stream.stats().chunks()).isZero();
        }
        assertThat(frames).extracting(f -> f.length).containsExactly(1920, 1920, 1920, 1440);
        assertThat(RecordedRun.concat(frames)).containsOnly(0f);
    }

    @Test
    void malformedMarkupIsRefusedBeforeAnythingIsGenerated() {
        assertThatThrownBy(() -> Fixtures.tinyModel().plan("Wait [pause:soon] here.", DETERMINISTIC))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("Malformed pause tag");
        assertThatThrownBy(() -> Fixtures.tinyModel().stream(Fixtures.tinyVoice(), "  ", DETERMINISTIC))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("The text is empty");
    }

    @Test
    void numbersAreReadAloudInTheModelsLanguageOnlyWhenAsked() {
        TtsModel english = Fixtures.tinyModel();
        String text = "I have 3 cats and $12.50.";
        assertThat(chunkText(english, "I have 3 cats.", DETERMINISTIC)).isEqualTo("I have 3 cats.");
        assertThat(chunkText(english, text, DETERMINISTIC.withNormalize(true)))
                .isEqualTo("I have three cats and twelve dollars and fifty cents.");
        ModelConfig german = ModelConfig.load(Fixtures.tiny("tiny.yaml")).withLanguage(Locale.GERMAN);
        try (TtsModel model = TtsModel.builder(german).compat(Compat.V1_0).load()) {
            assertThat(chunkText(model, "Ich habe 3 Katzen.", DETERMINISTIC.withNormalize(true)))
                    .isEqualTo("Ich habe drei Katzen.");
        }
        ModelConfig japanese = ModelConfig.load(Fixtures.tiny("tiny.yaml")).withLanguage(Locale.JAPANESE);
        try (TtsModel model = TtsModel.builder(japanese).compat(Compat.V1_0).load()) {
            assertThatThrownBy(() -> model.plan("3", DETERMINISTIC.withNormalize(true)))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Japanese");
            assertThat(chunkText(model, "3 cats", DETERMINISTIC)).isEqualTo("3 cats.");
        }
    }

    private static String chunkText(TtsModel model, String text, GenerationOptions options) {
        return ((SpeechPlan.Chunk) model.plan(text, options).items().get(0)).text();
    }
}
