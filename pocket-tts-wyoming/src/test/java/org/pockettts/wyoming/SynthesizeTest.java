package org.pockettts.wyoming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.TtsModel;

/** {@code describe} and plain {@code synthesize}: what Home Assistant asks of a Wyoming text-to-speech server. */
class SynthesizeTest {

    private static WyomingServer server;

    @BeforeAll
    static void start() {
        server = TinyModel.start(TinyModel.config());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void describeListsTheProgramAndEveryVoiceWithItsLanguage() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.send("describe");
            WyomingClient.Received info = client.next();
            assertThat(info.type()).isEqualTo("info");
            JsonNode tts = info.data().get("tts");
            assertThat(tts).hasSize(1);
            JsonNode program = tts.get(0);
            assertThat(program.get("name").asText()).isEqualTo("pocket-tts");
            assertThat(program.get("installed").asBoolean()).isTrue();
            assertThat(program.get("supports_synthesize_streaming").asBoolean()).isTrue();
            assertThat(program.get("attribution").get("name").asText()).isEqualTo("Kyutai");
            assertThat(program.get("attribution").get("url").asText()).isEqualTo("https://github.com/kyutai-labs/pocket-tts");
            assertThat(program.has("version")).isTrue();
            List<String> names = new ArrayList<>();
            for (JsonNode voice : program.get("voices")) {
                names.add(voice.get("name").asText());
                // The model speaks English: every voice, predefined or saved, says so.
                assertThat(voice.get("languages")).hasSize(1);
                assertThat(voice.get("languages").get(0).asText()).isEqualTo("en");
                assertThat(voice.get("installed").asBoolean()).isTrue();
                assertThat(voice.get("attribution").has("name")).isTrue();
            }
            TtsModel model = TinyModel.model();
            List<String> expected = new ArrayList<>(model.voiceNames());
            expected.add("mine");
            assertThat(names).containsExactlyElementsOf(expected);
            // The other kinds of service are there, empty, as the protocol's library sends them.
            for (String kind : new String[] {"asr", "handle", "intent", "wake"}) {
                assertThat(info.data().get(kind)).isEmpty();
            }
        }
    }

    @Test
    void anUnreadableVoicesFolderLeavesThePredefinedVoices(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path notAFolder = java.nio.file.Files.writeString(dir.resolve("voices"), "a file");
        WyomingServer broken = TinyModel.start(TinyModel.config().voicesFolder(notAFolder));
        try (WyomingClient client = new WyomingClient(broken.port())) {
            client.send("describe");
            List<String> names = new ArrayList<>();
            client.next().data().get("tts").get(0).get("voices").forEach(v -> names.add(v.get("name").asText()));
            assertThat(names).containsExactlyElementsOf(TinyModel.model().voiceNames());
        } finally {
            broken.stop();
        }
    }

    @Test
    void synthesizeSendsTheEnginesAudioFrameByFrame() {
        String text = "Hello from the tiny model.";
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.synthesize(text, null);
            List<WyomingClient.Received> events = client.readUntil("audio-stop");
            WyomingClient.Received start = events.getFirst();
            assertThat(start.type()).isEqualTo("audio-start");
            assertThat(start.data().get("rate").asInt()).isEqualTo(24000);
            assertThat(start.data().get("width").asInt()).isEqualTo(2);
            assertThat(start.data().get("channels").asInt()).isEqualTo(1);
            List<WyomingClient.Received> chunks = events.subList(1, events.size() - 1);
            assertThat(chunks).isNotEmpty().allSatisfy(chunk -> {
                assertThat(chunk.type()).isEqualTo("audio-chunk");
                assertThat(chunk.data().get("rate").asInt()).isEqualTo(24000);
                assertThat(chunk.data().get("width").asInt()).isEqualTo(2);
                assertThat(chunk.data().get("channels").asInt()).isEqualTo(1);
                // One 80 ms frame each: sent as generated, not gathered.
                assertThat(chunk.payload()).hasSize(1920 * 2);
            });
            short[] expected = TinyModel.engine(TinyModel.model().voice(TinyModel.defaultVoiceFile()), text);
            assertThat(TinyModel.samples(WyomingClient.audio(events))).isEqualTo(expected);
        }
    }

    @Test
    void aPredefinedVoiceByName() {
        String text = "Alba speaks.";
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.synthesize(text, "alba");
            byte[] audio = WyomingClient.audio(client.readUntil("audio-stop"));
            assertThat(TinyModel.samples(audio)).isEqualTo(TinyModel.engine(TinyModel.model().voice("alba"), text));
        }
    }

    @Test
    void aSavedVoiceByName() {
        String text = "A saved voice speaks.";
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.synthesize(text, "mine");
            byte[] audio = WyomingClient.audio(client.readUntil("audio-stop"));
            short[] expected = TinyModel.engine(
                    TinyModel.model().voice(TinyModel.voicesFolder().resolve("mine.safetensors")), text);
            assertThat(TinyModel.samples(audio)).isEqualTo(expected);
        }
    }

    @Test
    void dataInTheHeaderAndSeveralRequestsOnOneConnection() {
        String text = "Twice on one line.";
        short[] expected = TinyModel.engine(TinyModel.model().voice(TinyModel.defaultVoiceFile()), text);
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.sendInHeader("synthesize", WyomingClient.object().put("text", text));
            assertThat(TinyModel.samples(WyomingClient.audio(client.readUntil("audio-stop")))).isEqualTo(expected);
            client.synthesize(text, null);
            assertThat(TinyModel.samples(WyomingClient.audio(client.readUntil("audio-stop")))).isEqualTo(expected);
            client.send("ping", WyomingClient.object().put("text", "still there?"));
            WyomingClient.Received pong = client.next();
            assertThat(pong.type()).isEqualTo("pong");
            assertThat(pong.text("text")).isEqualTo("still there?");
        }
    }
}
