package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.PredefinedVoices;
import org.pockettts.testing.Fixtures;

/**
 * Every kind of bad request gets its status and a JSON {@code detail} that says what is wrong, and
 * the server keeps serving afterwards.
 */
class BadRequestsTest {

    private static final long UPLOAD_LIMIT = 256 * 1024;

    private static TestServer fixture;
    private static TtsServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        server = fixture.start(TestServer.config().maxUploadBytes(UPLOAD_LIMIT));
        http = new Http(TestServer.base(server));
    }

    @AfterAll
    static void stop() {
        server.stop();
        fixture.close();
    }

    @AfterEach
    void serverStillServes() {
        TestServer.assertStillServes(http);
    }

    private static void assertError(Http.Response r, int status, String... detailParts) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.text()).startsWith("{\"detail\":\"");
        for (String part : detailParts) {
            assertThat(r.text()).contains(part);
        }
    }

    @Test
    void emptyText() {
        assertError(http.post("/tts", Http.form().field("text", "")), 400, "Text cannot be empty");
    }

    @Test
    void whitespaceText() {
        assertError(http.post("/tts", Http.form().field("text", " \n\t ")), 400, "Text cannot be empty");
    }

    @Test
    void missingText() {
        assertError(http.post("/tts", Http.form().field("voice_url", "alba")), 400, "Text cannot be empty");
    }

    @Test
    void bothVoiceFields() throws IOException {
        byte[] wav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("voice_url", "alba")
                .file("voice_wav", "v.wav", wav)), 400, "Cannot provide both voice_url and voice_wav");
    }

    @Test
    void unknownVoiceNameListsTheVoices() {
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("voice_url", "nobody")), 400,
                "Unknown voice 'nobody'", String.join(", ", PredefinedVoices.NAMES));
    }

    @Test
    void localPathsAreNotVoices() {
        assertError(http.post("/tts", Http.form().field("text", "Hi.")
                .field("voice_url", Fixtures.tiny("voice.wav").toString())), 400, "Unknown voice");
    }

    @Test
    void voiceUrlThatIsNotAudio() {
        String url = "hf://" + TestServer.OPEN + "/voices/not-audio.wav@main";
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("voice_url", url)), 422,
                "not a WAV file");
    }

    @Test
    void voiceUrlThatIsMissing() {
        String url = "hf://" + TestServer.OPEN + "/voices/missing.wav@main";
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("voice_url", url)), 422,
                "Cannot fetch the voice " + url + ": the download failed");
    }

    @Test
    void uploadThatIsNotAudio() {
        assertError(http.post("/tts", Http.form().field("text", "Hi.")
                .file("voice_wav", "notes.txt", "just some text, no audio".getBytes())), 422,
                "cannot read WAV file notes.txt", "not a WAV file");
    }

    @Test
    void truncatedUpload() throws IOException {
        byte[] wav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        assertError(http.post("/tts", Http.form().field("text", "Hi.")
                .file("voice_wav", "cut.wav", Arrays.copyOf(wav, 30))), 422, "cut.wav", "truncated");
        assertError(http.post("/tts", Http.form().field("text", "Hi.")
                .file("voice_wav", "cut.wav", Arrays.copyOf(wav, wav.length / 2))), 422, "truncated");
    }

    @Test
    void emptyUpload() {
        assertError(http.post("/tts", Http.form().field("text", "Hi.")
                .file("voice_wav", "empty.wav", new byte[0])), 422, "empty");
    }

    @Test
    void oversizedUpload() {
        byte[] big = new byte[(int) UPLOAD_LIMIT + 1024];
        assertError(http.post("/tts", Http.form().field("text", "Hi.").file("voice_wav", "big.wav", big)), 413,
                "too large");
    }

    @Test
    void hugeUploadIsRefusedBeforeItIsRead() {
        byte[] huge = new byte[(int) UPLOAD_LIMIT + (2 << 20)];
        assertError(http.post("/tts", Http.form().field("text", "Hi.").file("voice_wav", "huge.wav", huge)), 413,
                "too large");
    }

    @Test
    void oversizedBodies() {
        String big = "x".repeat((1 << 20) + 10);
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"" + big + "\"}"), 413, "too large");
        assertError(http.post("/tts", "application/x-www-form-urlencoded", ("text=" + big).getBytes()), 413,
                "too large");
    }

    @Test
    void invalidParameterValues() {
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("temperature", "-1")), 422,
                "temperature");
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("temperature", "warm")), 422,
                "temperature must be a number");
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("lsd_decode_steps", "0")), 422,
                "lsd_decode_steps");
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("lsd_decode_steps", "1.5")), 422,
                "lsd_decode_steps must be an integer");
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"seed\": \"x\"}"), 422,
                "seed must be an integer");
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"noise_clamp\": 0}"), 422,
                "noise_clamp");
    }

    @Test
    void notAForm() {
        assertError(http.postJson("/tts", "{\"text\": \"Hi.\"}"), 415, "multipart/form-data");
        assertError(http.post("/tts", null, new byte[0]), 415, "multipart/form-data");
    }

    @Test
    void notJson() {
        assertError(http.post("/v1/audio/speech", Http.form().field("input", "Hi.")), 415, "application/json");
    }

    @Test
    void invalidJson() {
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\""), 400, "Invalid JSON");
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\"} trailing"), 400, "Invalid JSON");
        assertError(http.postJson("/v1/audio/speech", ""), 400, "Invalid JSON");
        assertError(http.postJson("/v1/audio/speech", "[1, 2]"), 400, "JSON object");
    }

    @Test
    void emptyInput() {
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"   \"}"), 400, "input cannot be empty");
        assertError(http.postJson("/v1/audio/speech", "{\"voice\": \"alba\"}"), 400, "input cannot be empty");
    }

    @Test
    void unknownVoiceOnOpenAi() {
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"voice\": \"nova\"}"), 400,
                "Unknown voice 'nova'", "alba, marius");
    }

    @Test
    void unknownFormat() {
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"response_format\": \"aac\"}"), 400,
                "Unsupported response_format 'aac'", "wav, pcm, mp3, opus, flac");
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("format", "aac")), 400,
                "Unsupported format 'aac'", "wav, pcm, mp3, opus, flac");
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"response_format\": 3}"), 422,
                "response_format must be a string");
    }

    @Test
    void speedOutOfRange() {
        for (String speed : new String[] {"0.24", "4.01", "0", "-1", "1e9"}) {
            assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"speed\": " + speed + "}"), 400,
                    "speed must be between 0.25 and 4.0");
            assertError(http.post("/tts", Http.form().field("text", "Hi.").field("speed", speed)), 400,
                    "speed must be between 0.25 and 4.0");
        }
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"speed\": \"fast\"}"), 422,
                "speed must be a number");
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("speed", "fast")), 422,
                "speed must be a number, got 'fast'");
    }

    @Test
    void normalizeNotABoolean() {
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\", \"normalize\": \"yes\"}"), 422,
                "normalize must be true or false");
        assertError(http.post("/tts", Http.form().field("text", "Hi.").field("normalize", "maybe")), 422,
                "normalize must be true or false");
    }

    @Test
    void malformedPauseMarkup() {
        for (String tag : new String[] {"[pause:abc]", "[pause:-1s]", "[pause:1.5]", "[pause 2s]", "[pause:2s"}) {
            assertError(http.post("/tts", Http.form().field("text", "Hello " + tag + " there.")), 400,
                    "pause tag", "line 1, column 7", "such as 1.5s or 300ms");
        }
        assertError(http.postJson("/v1/audio/speech", "{\"input\": \"<speak>Hi <emphasis>there</emphasis></speak>\"}"),
                400, "emphasis");
    }

    @Test
    void sentenceTooLongForTheContext() {
        String word = "supercalifragilistic ";
        assertError(http.post("/tts", Http.form().field("text", word.repeat(400))), 422, "too long");
    }

    @Test
    void unknownRoute() {
        assertError(http.get("/nowhere"), 404, "Not Found");
        assertError(http.post("/tts/extra", Http.form().field("text", "Hi.")), 404, "Not Found");
    }

    @Test
    void wrongMethod() {
        Http.Response r = http.get("/tts");
        assertError(r, 405, "Method Not Allowed");
    }
}
