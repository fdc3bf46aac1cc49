package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.EOFException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.GenerationOptions;
import org.pockettts.testing.Wav;

/**
 * Every request's work is bounded: its text, the audio it may get (the engine's
 * {@code max_audio_seconds}, set to the server's {@code --max-audio-seconds}), and the generation
 * parameters a web page could post to run the engine for ever. Refusals come before any generation
 * starts.
 */
class LimitsTest {

    private static final String GENERATIONS = "pockettts_generations_total{outcome=\"%s\"}";

    private static TestServer fixture;
    private static TtsServer server;
    private static TtsServer shortTexts;
    private static TtsServer shortAudio;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        server = fixture.start(TestServer.config());
        shortTexts = fixture.start(TestServer.config().maxTextChars(20));
        shortAudio = fixture.start(TestServer.config().maxAudioSeconds(1));
        http = new Http(TestServer.base(server));
    }

    @AfterAll
    static void stop() {
        server.stop();
        shortTexts.stop();
        shortAudio.stop();
        fixture.close();
    }

    private static void assertRefused(Http.Response r, int status, String... parts) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).startsWith("{\"detail\":\"");
        for (String part : parts) {
            assertThat(r.text()).contains(part);
        }
    }

    private static double generations(TtsServer s) {
        String metrics = s.metricsText();
        double all = 0;
        for (Metrics.Outcome o : Metrics.Outcome.values()) {
            all += MetricsText.value(metrics, String.format(GENERATIONS, o.name().toLowerCase(java.util.Locale.ROOT)));
        }
        return all + MetricsText.value(metrics, StreamingTest.IN_FLIGHT);
    }

    @Test
    void theDefaultTextLimitIsFiftyThousandCharacters() {
        String tooLong = "a".repeat(50_001);
        assertRefused(http.post("/tts", Http.form().field("text", tooLong)), 413,
                "The text is too long: 50001 characters", "at most 50000");
        assertRefused(http.postJson("/v1/audio/speech", "{\"input\": " + TextNode.valueOf(tooLong) + "}"), 413,
                "The input is too long: 50001 characters");
    }

    @Test
    void textIsCountedInCharactersNotBytesOrUnits() {
        // 20 characters, each two UTF-16 units and four UTF-8 bytes: at the limit, not over it.
        String twenty = "\uD83D\uDE00".repeat(20);
        Http smallHttp = new Http(TestServer.base(shortTexts));
        assertThat(smallHttp.post("/tts", Http.form().field("text", twenty).field("temperature", "0")
                .field("eos_threshold", "-6")).status()).isEqualTo(200);
        assertRefused(smallHttp.post("/tts", Http.form().field("text", twenty + "a")), 413, "21 characters",
                "at most 20");
    }

    /**
     * The engine's bounds ({@link GenerationOptions}), the same as the library's and the command
     * line's, answered 422 with the engine's words before the request waits for anything: no
     * generation starts. A noise clamp is checked against the temperature the model would use.
     */
    @Test
    void outOfRangeParametersAreRefusedBeforeAnyWork() {
        double before = generations(server);
        String[][] cases = {
            {"lsd_decode_steps", "1000000000", "lsd_decode_steps must be from 1 to 64, got 1000000000"},
            {"lsd_decode_steps", "65", "lsd_decode_steps must be from 1 to 64"},
            {"lsd_decode_steps", "0", "lsd_decode_steps must be from 1 to 64"},
            {"noise_clamp", "1e-45", "noise_clamp must be at least 0.1 standard deviations of the noise (0.08367 at"
                    + " temperature 0.7)"},
            {"noise_clamp", "0.08", "noise_clamp must be at least 0.1 standard deviations"},
            {"noise_clamp", "0", "noise_clamp must be a number > 0"},
            {"noise_clamp", "NaN", "noise_clamp must be a number > 0"},
            {"frames_after_eos", "2147483647", "frames_after_eos must be from 0 to 125, got 2147483647"},
            {"frames_after_eos", "126", "frames_after_eos must be from 0 to 125"},
            {"frames_after_eos", "-1", "frames_after_eos must be from 0 to 125"},
            {"frames_after_eos", "99999999999", "frames_after_eos must be an integer"},
            {"temperature", "1e9", "temperature must be a number from 0 to 10"},
            {"temperature", "10.01", "temperature must be a number from 0 to 10"},
            {"temperature", "-0.1", "temperature must be a number from 0 to 10"},
            {"temperature", "NaN", "temperature must be a number from 0 to 10"},
            {"eos_threshold", "Infinity", "eos_threshold must be a finite number"},
            {"eos_threshold", "NaN", "eos_threshold must be a finite number"},
        };
        for (String[] c : cases) {
            assertRefused(http.post("/tts", Http.form().field("text", "Hello.").field(c[0], c[1])), 422, c[2]);
        }
        // The clamp's bound follows a temperature given in the same request.
        assertRefused(http.post("/tts", Http.form().field("text", "Hello.").field("temperature", "4")
                .field("noise_clamp", "0.19")), 422, "(0.2 at temperature 4.0)");
        assertRefused(http.postJson("/v1/audio/speech", "{\"input\": \"Hello.\", \"lsd_decode_steps\": 1000000000}"),
                422, "lsd_decode_steps must be from 1 to 64");
        assertRefused(http.postJson("/v1/audio/speech", "{\"input\": \"Hello.\", \"noise_clamp\": 1e-45}"), 422,
                "noise_clamp must be at least 0.1 standard deviations");
        assertRefused(http.postJson("/v1/audio/speech", "{\"input\": \"Hello.\", \"frames_after_eos\": 2147483647}"),
                422, "frames_after_eos must be from 0 to 125");
        assertThat(generations(server)).as("no generation started").isEqualTo(before);
    }

    /** The bounds themselves are usable: a generation at each of them ends. */
    @Test
    void parametersAtTheirBoundsWork() {
        float smallestClamp = (float) (GenerationOptions.NOISE_CLAMP_MIN_STDS
                * Math.sqrt(GenerationOptions.TEMPERATURE_LIMIT)) + 1e-6f;
        Http.Response r = http.post("/tts", Http.form().field("text", "Hi.")
                .field("lsd_decode_steps", Integer.toString(GenerationOptions.LSD_DECODE_STEPS_LIMIT))
                .field("temperature", Float.toString(GenerationOptions.TEMPERATURE_LIMIT))
                .field("noise_clamp", Float.toString(smallestClamp))
                .field("frames_after_eos", Integer.toString(GenerationOptions.FRAMES_AFTER_EOS_LIMIT))
                .field("eos_threshold", "-6").field("seed", "1"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(Wav.streamedSamples(r.body())).isNotEmpty();
    }

    /** A generation that would run on is cut at the audio limit, and the client sees an incomplete answer. */
    @Test
    void audioIsCutAtTheLimitPerRequest() throws Exception {
        double limitedBefore = MetricsText.value(shortAudio.metricsText(), String.format(GENERATIONS, "limited"));
        long received;
        try (RawStream stream = RawStream.post(shortAudio.port(), "/tts", Http.form().field("text", "Long enough text.")
                .field("eos_threshold", "1e9").field("temperature", "0"))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThatThrownBy(stream::readToEnd).as("an incomplete answer").isInstanceOf(EOFException.class);
            received = stream.received();
        }
        // One second holds 12 whole frames of 80 ms; the text alone would run for 5 s.
        assertThat(received).isEqualTo(Wav.HEADER + 12L * StreamingTest.FRAME_BYTES);
        MetricsText.await("the cut is counted",
                () -> MetricsText.value(shortAudio.metricsText(), String.format(GENERATIONS, "limited")) == limitedBefore + 1);
    }

    /** Audio that reaches the limit before any of it is sent (a pause longer than the limit) is a 413. */
    @Test
    void speechOverTheLimitFromItsStartIsRefused() {
        Http.Response r = new Http(TestServer.base(shortAudio)).post("/tts", Http.form()
                .field("text", "[pause:2s] Hello.").field("temperature", "0"));
        assertRefused(r, 413, "longer than 1 s, the most this server makes for one request");
    }

    /** A body declared larger than the limit is refused on its head alone, not read or waited for. */
    @Test
    void aJsonBodyDeclaredTooLargeIsRefusedAtOnce() throws Exception {
        byte[] head = RawRequest.head("POST", "/v1/audio/speech", server.port(), "application/json", 10_000_000_000L);
        try (RawRequest r = RawRequest.open(server.port(), RawRequest.concat(head, "{}".getBytes()))) {
            String answer = r.answer();
            assertThat(answer).startsWith("HTTP/1.1 413").contains("The JSON body is too large: at most");
        }
    }
}
