package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pockettts.TtsModel;
import org.pockettts.config.TinyPacks;
import org.pockettts.hub.FakeHub;
import org.pockettts.hub.HubClient;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * A server of a language's model lists that language's voices and speaks in them, and in a model
 * state uploaded as a voice file: the built-in {@code german} configuration, its files (the tiny 3.3
 * model's) fetched from a local Hub.
 */
class LanguageVoicesTest {

    @Test
    void theLanguagesVoicesAreListedAndUsable() throws IOException {
        Path home = Files.createTempDirectory("pocket-tts-language");
        try (FakeHub hub = new FakeHub()) {
            TinyPacks.publish(hub, "german", "juergen", "lola");
            try (HubClient files = HubClient.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                    "HF_HOME", home.toString(), "HF_TOKEN", TinyPacks.TOKEN));
                 TtsModel model = TtsModel.builder(TinyPacks.config("german")).files(files).load()) {
                TtsServer server = new TtsServer(model, TestServer.config().defaultVoice(model.defaultVoiceName()).build())
                        .start();
                try {
                    Http http = new Http(TestServer.base(server));
                    Http.Response voices = http.get("/v1/voices");
                    assertThat(voices.status()).isEqualTo(200);
                    JsonNode body = new ObjectMapper().readTree(voices.body());
                    assertThat(body.get("default").asText()).isEqualTo("juergen");
                    List<String> ids = body.get("voices").findValuesAsText("id");
                    assertThat(ids).hasSize(27).startsWith("alba", "anna").contains("juergen", "lola", "daan");
                    assertThat(body.get("voices").get(ids.indexOf("juergen")).get("default").asBoolean()).isTrue();

                    Http.Response speech = http.postJson("/v1/audio/speech",
                            "{\"input\": \"Guten Tag.\", \"voice\": \"lola\", \"temperature\": 0}");
                    assertThat(speech.status()).as(speech.text()).isEqualTo(200);
                    assertThat(Wav.streamedSamples(speech.body())).isNotEmpty();
                    // The same model state uploaded as a voice file (as export-voice writes them) speaks alike.
                    byte[] state = Files.readAllBytes(Fixtures.tinyV3("voice_state.safetensors"));
                    Http.Response uploaded = http.post("/tts", Http.form().field("text", "Guten Tag.")
                            .field("temperature", "0").file("voice_wav", "lola.safetensors", state));
                    assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
                    Http.Response named = http.post("/tts", Http.form().field("text", "Guten Tag.")
                            .field("temperature", "0").field("voice_url", "lola"));
                    assertThat(Wav.streamedSamples(uploaded.body())).isNotEmpty()
                            .containsExactly(Wav.streamedSamples(named.body()));

                    Http.Response unknown = http.postJson("/v1/audio/speech",
                            "{\"input\": \"Guten Tag.\", \"voice\": \"marius_x\"}");
                    assertThat(unknown.status()).isEqualTo(400);
                    assertThat(unknown.text()).contains("Unknown voice 'marius_x'").contains("juergen");
                } finally {
                    server.stop();
                }
            }
        } finally {
            try (var walk = Files.walk(home)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
