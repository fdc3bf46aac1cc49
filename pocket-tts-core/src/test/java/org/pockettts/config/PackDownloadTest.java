package org.pockettts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.SpeechPlan;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.InvalidInputException;
import org.pockettts.hub.FakeHub;
import org.pockettts.hub.HubClient;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

/**
 * A built-in language fetched from a Hub on 127.0.0.1 at the locations its configuration pins: the
 * weights (gated, with the fall-back to the open ones), the {@code tokenizer.json} and a predefined
 * voice as a model state. The files are the tiny 3.3 model's, so the speech is checked against that
 * fixture's golden {@code gen2} (the model-state voice).
 */
class PackDownloadTest {

    private static final String LANGUAGE = "english";

    @TempDir
    Path dir;

    private FakeHub hub;

    @BeforeEach
    void publish() throws IOException {
        hub = new FakeHub();
        TinyPacks.publish(hub, LANGUAGE, "alba");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient client(String token) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        env.put("HF_HOME", dir.resolve("hf").toString());
        env.put("HF_ENDPOINT", hub.endpoint().toString());
        if (token != null) {
            env.put("HF_TOKEN", token);
        }
        return HubClient.fromEnvironment(env);
    }

    private static JsonNode gen2() {
        for (JsonNode c : Fixtures.goldenV3().get("cases")) {
            if (c.get("key").asText().equals("gen2")) {
                return c;
            }
        }
        throw new IllegalStateException("no gen2");
    }

    @Test
    void weightsTokenizerJsonAndAPredefinedVoiceComeFromTheirPinnedLocations() {
        JsonNode c = gen2();
        try (HubClient files = client(TinyPacks.TOKEN);
             TtsModel model = TtsModel.builder(TinyPacks.config(LANGUAGE)).files(files).load()) {
            assertThat(model.hasVoiceCloning()).isTrue();
            assertThat(model.compat()).isEqualTo(Compat.V3_3);
            assertThat(model.defaultVoiceName()).isEqualTo("alba");
            Voice alba = model.voice("alba");
            assertThat(alba.hasConditioning()).as("a model-state voice").isFalse();
            assertThat(alba.positions()).isEqualTo(34);
            GenerationOptions options = GenerationOptions.defaults().withTemperature(0f)
                    .withEosThreshold((float) c.get("eos_threshold").asDouble());
            SpeechPlan plan = model.plan(c.get("text").asText(), options);
            assertThat(((SpeechPlan.Chunk) plan.items().get(0)).tokens()).isEqualTo(c.get("chunk_tokens").get(0).size());
            float[] audio;
            try (AudioStream stream = model.stream(alba, c.get("text").asText(), options)) {
                audio = stream.readAll();
            }
            Numbers.assertClose("gen2 audio through the Hub", Fixtures.goldenTensorsV3().floats("gen2.audio"), audio, 1e-5);
        }
        List<String> paths = new ArrayList<>();
        hub.requests().stream().filter(r -> !r.toCdn()).forEach(r -> paths.add(r.path()));
        assertThat(paths).anyMatch(p -> p.startsWith("/kyutai/pocket-tts/resolve/") && p.endsWith("/languages/english/model.safetensors"))
                .anyMatch(p -> p.endsWith("/languages/english/tokenizer.json"))
                .anyMatch(p -> p.endsWith("/languages/english/embeddings/alba.safetensors"))
                .noneMatch(p -> p.startsWith("/kyutai/pocket-tts-without-voice-cloning/") && p.endsWith("model.safetensors"));

        hub.clearRequests();
        try (HubClient files = client(TinyPacks.TOKEN);
             TtsModel model = TtsModel.builder(TinyPacks.config(LANGUAGE)).files(files).load()) {
            model.voice("alba");
        }
        assertThat(hub.requests()).as("files pinned to commits are used from the cache").isEmpty();
    }

    @Test
    void withoutAccessTheOpenWeightsLoadPredefinedVoicesWorkAndCloningIsRefused() {
        try (HubClient files = client(null);
             TtsModel model = TtsModel.builder(TinyPacks.config(LANGUAGE)).files(files).load()) {
            assertThat(model.hasVoiceCloning()).isFalse();
            assertThat(model.voice("alba").positions()).isEqualTo(34);
            assertThatThrownBy(() -> model.voice(Fixtures.tinyV3("voice.wav").toString()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("Voice cloning from audio is not available")
                    .hasMessageContaining("huggingface.co/kyutai/pocket-tts");
        }
        assertThat(hub.requests()).anyMatch(r -> r.path().startsWith("/kyutai/pocket-tts-without-voice-cloning/")
                && r.path().endsWith("/languages/english/model.safetensors"));
    }
}
