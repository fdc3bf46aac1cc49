package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;

/**
 * Every way of choosing a voice gives, at temperature 0, exactly the reference's audio for the
 * golden cases, streamed as a WAV; the OpenAI endpoint gives the same samples as WAV and raw PCM.
 */
class GoldenSpeechTest {

    private static TestServer fixture;
    private static TtsServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        server = fixture.start(TestServer.config());
        http = new Http(TestServer.base(server));
    }

    @AfterAll
    static void stop() {
        server.stop();
        fixture.close();
    }

    static JsonNode golden(String key) {
        return StreamSupport.stream(Fixtures.golden().get("cases").spliterator(), false)
                .filter(c -> c.get("key").asText().equals(key)).findFirst().orElseThrow();
    }

    /** The case's text and settings as form fields. */
    static Http.Form form(String key) {
        JsonNode c = golden(key);
        return Http.form().field("text", c.get("text").asText())
                .field("temperature", "0")
                .field("lsd_decode_steps", c.get("lsd_decode_steps").asText())
                .field("eos_threshold", Double.toString(c.get("eos_threshold").asDouble()));
    }

    static String json(String key, String extra) {
        JsonNode c = golden(key);
        return String.format(Locale.ROOT, "{\"model\": \"pocket-tts\", \"input\": %s, \"temperature\": 0,"
                        + " \"lsd_decode_steps\": %d, \"eos_threshold\": %s%s}",
                c.get("text").toString(), c.get("lsd_decode_steps").asInt(),
                Double.toString(c.get("eos_threshold").asDouble()), extra);
    }

    static void assertGoldenWav(Http.Response r, String key) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("audio/wav");
        Wav.assertMatchesGolden(Wav.streamedSamples(r.body()), Fixtures.goldenTensors().floats(key + ".audio"));
    }

    @Test
    void healthSaysHealthy() {
        Http.Response r = http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.text()).isEqualTo("{\"status\":\"healthy\"}");
    }

    @Test
    void defaultVoiceIsThePredefinedAlba() {
        Http.Response r = http.post("/tts", form("gen3"));
        assertGoldenWav(r, "gen3");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=generated_speech.wav");
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
    }

    @Test
    void predefinedVoiceByName() {
        assertGoldenWav(http.post("/tts", form("gen3").field("voice_url", "alba")), "gen3");
    }

    @Test
    void voiceByHfUrl() {
        assertGoldenWav(http.post("/tts", form("gen1").field("voice_url", fixture.voiceWavUrl())), "gen1");
        // A second time comes from the voice cache.
        assertGoldenWav(http.post("/tts", form("gen2").field("voice_url", fixture.voiceWavUrl())), "gen2");
        // The revision is optional.
        String url = "hf://" + TestServer.OPEN + "/voices/voice.wav";
        assertGoldenWav(http.post("/tts", form("gen1").field("voice_url", url)), "gen1");
    }

    @Test
    void uploadedVoice() throws IOException {
        byte[] wav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        assertGoldenWav(http.post("/tts", form("gen1").file("voice_wav", "speaker.wav", wav)), "gen1");
    }

    @Test
    void urlEncodedFormAsTheReferenceAccepts() {
        JsonNode c = golden("gen3");
        String body = "text=" + java.net.URLEncoder.encode(c.get("text").asText(), java.nio.charset.StandardCharsets.UTF_8)
                + "&temperature=0&lsd_decode_steps=1&eos_threshold=" + c.get("eos_threshold").asDouble();
        assertGoldenWav(http.post("/tts", "application/x-www-form-urlencoded", body.getBytes()), "gen3");
    }

    @Test
    void openAiEndpointAsWav() {
        Http.Response r = http.postJson("/v1/audio/speech", json("gen3", ", \"voice\": \"alba\", \"response_format\": \"wav\","
                + " \"speed\": 1.0, \"stream\": false"));
        assertGoldenWav(r, "gen3");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=speech.wav");
    }

    @Test
    void openAiEndpointAsPcm() {
        Http.Response r = http.postJson("/v1/audio/speech",
                json("gen1", ", \"voice\": \"" + fixture.voiceWavUrl() + "\", \"response_format\": \"pcm\", \"stream\": true"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("audio/pcm");
        Wav.assertMatchesGolden(Wav.pcm(r.body(), 0), Fixtures.goldenTensors().floats("gen1.audio"));
    }

    @Test
    void voicesAreListed() {
        Http.Response r = http.get("/v1/voices");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).startsWith("{\"default\":\"alba\",\"voices\":[{\"id\":\"alba\",\"kind\":\"predefined\","
                + "\"default\":true},{\"id\":\"marius\",\"kind\":\"predefined\",\"default\":false}");
    }
}
