package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audio leaves while it is being generated, a client that hangs up stops its generation and frees
 * its slot, and a full queue is answered 503.
 */
class StreamingTest {

    /** Far more audio than any socket buffers hold (about 20 chunks of several hundred frames). */
    static final String LONG_TEXT = "This is one of the many sentences of a very long text. ".repeat(60);
    static final int FRAME_BYTES = 1920 * 2;
    static final String CANCELLED = "pockettts_generations_total{outcome=\"cancelled\"}";
    static final String COMPLETED = "pockettts_generations_total{outcome=\"completed\"}";
    static final String IN_FLIGHT = "pockettts_generations_in_flight";
    static final String QUEUED = "pockettts_queue_length";

    private static TestServer fixture;
    private TtsServer server;
    private Http http;

    @BeforeAll
    static void load() {
        fixture = new TestServer();
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

    private void start(ServerConfig.Builder config) {
        server = fixture.start(config);
        http = new Http(TestServer.base(server));
    }

    /** A generation that never reaches its end of speech: it runs to the maximum length of every chunk. */
    static Http.Form endless() {
        return Http.form().field("text", LONG_TEXT).field("eos_threshold", "1e9").field("temperature", "0");
    }

    @Test
    void firstAudioArrivesWhileTheGenerationIsStillRunning() throws IOException {
        start(TestServer.config());
        try (RawStream stream = RawStream.post(server.port(), "/tts", endless())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.chunked()).isTrue();
            byte[] first = stream.read(Wav.HEADER + FRAME_BYTES);
            assertThat(first).hasSize(Wav.HEADER + FRAME_BYTES);
            assertThat(new String(first, 0, 4)).isEqualTo("RIFF");
            // This client reads no further, and the audio is far larger than every buffer between the
            // generation and it: the generation cannot have finished.
            assertThat(MetricsText.value(http, IN_FLIGHT)).isEqualTo(1);
            assertThat(MetricsText.value(http, COMPLETED)).isZero();
        }
        // Hanging up proves it: the generation is stopped unfinished.
        MetricsText.await("the generation is stopped", () -> MetricsText.value(http, IN_FLIGHT) == 0);
        assertThat(MetricsText.value(http, CANCELLED)).isEqualTo(1);
        assertThat(MetricsText.value(http, COMPLETED)).isZero();
    }

    @Test
    void aClientThatHangsUpFreesItsSlot() throws IOException {
        start(TestServer.config().maxConcurrent(1));
        try (RawStream stream = RawStream.post(server.port(), "/tts", endless())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.read(Wav.HEADER + 10 * FRAME_BYTES)).hasSize(Wav.HEADER + 10 * FRAME_BYTES);
        }
        // The only slot is free again: this request is served (it would wait forever otherwise).
        Http.Response r = http.post("/tts", Http.form().field("text", "Next one.").field("temperature", "0")
                .field("eos_threshold", "-6"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(Wav.streamedSamples(r.body())).isNotEmpty();
        assertThat(MetricsText.value(http, CANCELLED)).isEqualTo(1);
        assertThat(MetricsText.value(http, COMPLETED)).isEqualTo(1);
    }

    @Test
    void aFullQueueIsAnswered503WithRetryAfter() throws Exception {
        start(TestServer.config().maxConcurrent(1).maxQueue(1).retryAfterSeconds(7));
        CompletableFuture<Http.Response> queued;
        try (RawStream running = RawStream.post(server.port(), "/tts", endless())) {
            assertThat(running.status()).isEqualTo(200);
            running.read(Wav.HEADER);
            queued = CompletableFuture.supplyAsync(() -> http.post("/tts",
                    Http.form().field("text", "Queued.").field("temperature", "0").field("eos_threshold", "-6")));
            MetricsText.await("the second request waits in the queue", () -> MetricsText.value(http, QUEUED) == 1);

            Http.Response refused = http.post("/tts", Http.form().field("text", "One too many."));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("7");
            assertThat(refused.text()).startsWith("{\"detail\":\"The server is busy");
            Http.Response refusedToo = http.postJson("/v1/audio/speech", "{\"input\": \"One too many.\"}");
            assertThat(refusedToo.status()).isEqualTo(503);
            assertThat(http.get("/health").status()).isEqualTo(200);
            assertThat(queued).isNotDone();
        }
        Http.Response served = queued.get();
        assertThat(served.status()).as(served.text()).isEqualTo(200);
        assertThat(Wav.streamedSamples(served.body())).isNotEmpty();
        String metrics = http.get("/metrics").text();
        assertThat(MetricsText.value(metrics, "pockettts_http_requests_total{route=\"/tts\",status=\"503\"}"))
                .isEqualTo(1);
        assertThat(MetricsText.value(metrics,
                "pockettts_http_requests_total{route=\"/v1/audio/speech\",status=\"503\"}")).isEqualTo(1);
        assertThat(MetricsText.value(metrics, QUEUED)).isZero();
    }

    /**
     * A request waiting for the only slot whose client hangs up leaves the queue at once, without
     * waiting for its turn: its place goes to the next request.
     */
    @Test
    void aClientThatHangsUpWhileQueuedLeavesTheQueue() throws Exception {
        start(TestServer.config().maxConcurrent(1).maxQueue(1));
        CompletableFuture<Http.Response> next;
        try (RawStream running = RawStream.post(server.port(), "/tts", endless())) {
            running.read(Wav.HEADER);
            try (RawRequest _ = RawRequest.send(server.port(), "/tts", Http.form().field("text", "Queued."))) {
                MetricsText.await("the request waits", () -> MetricsText.value(http, QUEUED) == 1);
            }
            MetricsText.await("the request that left is gone", () -> MetricsText.value(http, QUEUED) == 0);
            // Its place is free: another request is queued instead of refused.
            next = CompletableFuture.supplyAsync(() -> http.post("/tts",
                    Http.form().field("text", "Next.").field("temperature", "0").field("eos_threshold", "-6")));
            MetricsText.await("the next request waits", () -> MetricsText.value(http, QUEUED) == 1);
            assertThat(MetricsText.value(http, IN_FLIGHT)).isEqualTo(1);
            assertThat(next).isNotDone();
        }
        // The running one hangs up: the queued one is served.
        assertThat(next.get().status()).isEqualTo(200);
        assertThat(MetricsText.value(http.get("/metrics").text(),
                "pockettts_http_requests_total{route=\"/tts\",status=\"" + SpeechStreamer.CLIENT_GONE + "\"}"))
                .isEqualTo(1);
    }

    @Test
    void openAiStreamsTooAndStopsWhenTheClientHangsUp() throws IOException {
        start(TestServer.config());
        String json = "{\"input\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(LONG_TEXT)
                + ", \"response_format\": \"pcm\", \"eos_threshold\": 1e9, \"temperature\": 0}";
        try (RawStream stream = RawStream.postJson(server.port(), "/v1/audio/speech", json)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).isEqualTo("audio/pcm");
            assertThat(stream.read(FRAME_BYTES)).hasSize(FRAME_BYTES);
            assertThat(MetricsText.value(http, COMPLETED)).isZero();
        }
        MetricsText.await("the generation is stopped", () -> MetricsText.value(http, IN_FLIGHT) == 0);
        assertThat(MetricsText.value(http, CANCELLED)).isEqualTo(1);
    }
}
