package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/**
 * The voice library through a running server: listing, saving and deleting, a saved voice speaking
 * exactly as the recording it was made from (uploaded with the request as the oracle) wherever a
 * voice name is taken and after a restart, the name and size rules, and nothing written outside the
 * folder.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SavedVoicesApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer fixture;
    private static byte[] voiceWav;
    private TtsServer server;
    private Http http;
    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        fixture = new TestServer();
        voiceWav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
    }

    @AfterAll
    static void unload() {
        fixture.close();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private Path folder() {
        return dir.resolve("voices");
    }

    private void start(ServerConfig.Builder config) {
        server = new TtsServer(fixture.model, fixture.withFixture(config).voicesDir(folder()).build(),
                Network.system(), EngineWork.of(fixture.model)).start();
        http = new Http(TestServer.base(server));
    }

    private Http.Response save(String name, String filename, byte[] content) {
        return http.post("/v1/audio/voices", Http.form().field("name", name).file("file", filename, content));
    }

    private List<String> listed(String path, String kind) throws IOException {
        Http.Response r = http.get(path);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode voice : JSON.readTree(r.body()).get("voices")) {
            if (voice.get("kind").asText().equals(kind)) {
                ids.add(voice.get("id").asText());
            }
        }
        return ids;
    }

    private static String detail(Http.Response r) throws IOException {
        return JSON.readTree(r.body()).get("detail").asText();
    }

    @Test
    void savesListsAndDeletesVoices() throws IOException {
        start(TestServer.config());
        assertThat(listed("/v1/audio/voices", "predefined")).isEqualTo(fixture.model.voiceNames());
        assertThat(listed("/v1/audio/voices", "saved")).isEmpty();

        Http.Response created = save("mine", "voice.wav", voiceWav);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("id").asText()).isEqualTo("mine");
        Http.Response fromFile = save("from-file_2", "alba.safetensors",
                Files.readAllBytes(Fixtures.tiny("voice_embedding.safetensors")));
        assertThat(fromFile.status()).as(fromFile.text()).isEqualTo(201);
        assertThat(listed("/v1/audio/voices", "saved")).containsExactly("from-file_2", "mine");
        assertThat(listed("/v1/voices", "saved")).containsExactly("from-file_2", "mine");

        Http.Response again = save("mine", "voice.wav", voiceWav);
        assertThat(again.status()).isEqualTo(409);
        assertThat(detail(again)).contains("exists already");
        Http.Response predefined = save("alba", "voice.wav", voiceWav);
        assertThat(predefined.status()).isEqualTo(409);
        assertThat(detail(predefined)).contains("predefined");

        assertThat(http.delete("/v1/audio/voices/alba").status()).isEqualTo(400);
        assertThat(http.delete("/v1/audio/voices/mine").status()).isEqualTo(204);
        Http.Response gone = http.delete("/v1/audio/voices/mine");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(detail(gone)).contains("mine");
        assertThat(listed("/v1/audio/voices", "saved")).containsExactly("from-file_2");
        Http.Response unknown = http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"voice\": \"mine\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(detail(unknown)).contains("Unknown voice 'mine'");
        try (Stream<Path> files = Files.list(folder())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("from-file_2.safetensors");
        }
    }

    @Test
    void aSavedVoiceSpeaksAsItsRecordingEverywhereAndAfterARestart() throws IOException {
        start(TestServer.config());
        assertThat(save("mine", "voice.wav", voiceWav).status()).isEqualTo(201);
        // The oracle: the same recording uploaded with the request, encoded there and then.
        Http.Response uploaded = http.post("/tts", Http.form().field("text", "Hello there.").field("temperature", "0")
                .file("voice_wav", "voice.wav", voiceWav));
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(200);
        byte[] expected = uploaded.body();
        Http.Response tts = http.post("/tts", Http.form().field("text", "Hello there.").field("temperature", "0")
                .field("voice_url", "mine"));
        assertThat(tts.status()).as(tts.text()).isEqualTo(200);
        assertThat(tts.body()).isEqualTo(expected);
        Http.Response speech = http.postJson("/v1/audio/speech",
                "{\"input\": \"Hello there.\", \"voice\": \"mine\", \"temperature\": 0}");
        assertThat(speech.status()).as(speech.text()).isEqualTo(200);
        assertThat(speech.body()).isEqualTo(expected);

        server.stop();
        start(TestServer.config());
        assertThat(listed("/v1/voices", "saved")).containsExactly("mine");
        Http.Response afterRestart = http.post("/tts", Http.form().field("text", "Hello there.")
                .field("temperature", "0").field("voice_url", "mine"));
        assertThat(afterRestart.body()).isEqualTo(expected);
    }

    @Test
    void aSavedVoiceCanBeTheDefault() throws IOException {
        start(TestServer.config());
        assertThat(save("mine", "voice.wav", voiceWav).status()).isEqualTo(201);
        byte[] expected = http.post("/tts", Http.form().field("text", "Hello.").field("temperature", "0")
                .field("voice_url", "mine")).body();
        server.stop();
        start(TestServer.config().defaultVoice("mine"));
        Http.Response r = http.post("/tts", Http.form().field("text", "Hello.").field("temperature", "0"));
        assertThat(r.body()).isEqualTo(expected);
        JsonNode list = JSON.readTree(http.get("/v1/voices").body());
        assertThat(list.get("default").asText()).isEqualTo("mine");
    }

    @Test
    void badNamesAreRefusedAndNothingIsWrittenOutsideTheFolder() throws IOException {
        Files.createDirectories(folder());
        Path outside = Files.writeString(dir.resolve("outside.safetensors"), "not a voice of the server");
        Files.createSymbolicLink(folder().resolve("link.safetensors"), outside);
        start(TestServer.config());
        for (String name : List.of("../x", "../outside", "/tmp/abs", "a.b", "a b", "x".repeat(65), "ä", "..")) {
            Http.Response r = save(name, "voice.wav", voiceWav);
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(detail(r)).as(name).contains("1 to 64");
        }
        Http.Response missing = http.post("/v1/audio/voices", Http.form().file("file", "voice.wav", voiceWav));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(detail(missing)).contains("name is missing");
        // A link in the folder is not a saved voice: it can be neither overwritten nor deleted through its name.
        assertThat(save("link", "voice.wav", voiceWav).status()).isEqualTo(409);
        assertThat(http.delete("/v1/audio/voices/link").status()).isEqualTo(404);
        assertThat(http.delete("/v1/audio/voices/..%2Foutside").status()).isIn(400, 404);
        assertThat(http.delete("/v1/audio/voices/%2E%2E").status()).isIn(400, 404);
        assertThat(Files.readString(outside)).isEqualTo("not a voice of the server");
        assertThat(Files.isSymbolicLink(folder().resolve("link.safetensors"))).isTrue();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> dir.relativize(p).toString())).containsExactlyInAnyOrder("", "voices",
                    "outside.safetensors", "voices/link.safetensors");
        }
    }

    @Test
    void uploadsFollowTheUploadLimitsAndBadFilesAreRefused() throws IOException {
        start(TestServer.config().maxUploadBytes(voiceWav.length - 1));
        Http.Response tooLarge = save("big", "voice.wav", voiceWav);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(detail(tooLarge)).contains("file may hold at most");
        Http.Response notAudio = save("junk", "junk.wav", "this is not audio".getBytes());
        assertThat(notAudio.status()).isEqualTo(422);
        Http.Response empty = http.post("/v1/audio/voices", Http.form().field("name", "empty"));
        assertThat(empty.status()).isEqualTo(400);
        Http.Response json = http.postJson("/v1/audio/voices", "{\"name\": \"x\"}");
        assertThat(json.status()).isEqualTo(415);
        assertThat(Files.exists(folder())).as("nothing saved, not even the folder").isFalse();
        TestServer.assertStillServes(http);
    }
}
