package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pockettts.AudioStream;
import org.pockettts.EngineFaults;
import org.pockettts.GenerationOptions;
import org.pockettts.Voice;
import org.pockettts.VoiceInput;
import org.pockettts.api.PocketTtsException;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * The engine failing or being stopped under a request, with the real engine and faults put in at
 * exact points (latches, no timing): an {@link Error} on a generation's Mimi thread ends that request
 * — a 503 with its id before any audio, a cut connection after — and never hangs it; a client that
 * leaves while its voice is being prompted stops the prompting (the engine gives up on its thread's
 * interrupt), and nothing of that voice is kept. Each time the server goes on serving.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EngineFaultsTest {

    private static final String FAILED = "pockettts_generations_total{outcome=\"failed\"}";

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
        server.stop();
    }

    private void start(EngineWork work) {
        server = fixture.start(TestServer.config(), Network.system(), work);
        http = new Http(TestServer.base(server));
    }

    /** The model's work, but the first generation throws {@code fault} on its Mimi thread before {@code frame}, once {@code go} opens. */
    private static EngineWork mimiFault(int frame, CountDownLatch go, Error fault) {
        EngineWork model = EngineWork.of(fixture.model);
        AtomicBoolean first = new AtomicBoolean(true);
        return new EngineWork() {
            @Override
            public Voice voice(VoiceInput input) {
                return model.voice(input);
            }

            @Override
            public AudioStream stream(Voice voice, String text, GenerationOptions options) {
                return first.getAndSet(false)
                        ? EngineFaults.failingOnMimi(fixture.model, voice, text, options, frame, go, fault)
                        : model.stream(voice, text, options);
            }
        };
    }

    @Test
    void anOutOfMemoryErrorOnTheMimiThreadBeforeAnyAudioIsA503() {
        start(mimiFault(0, new CountDownLatch(0), new OutOfMemoryError("injected")));
        Http.Response r;
        String logged;
        try (LogCapture log = new LogCapture()) {
            r = http.post("/tts", Http.form().field("text", "Hello.").field("temperature", "0"));
            logged = log.text();
        }
        assertThat(r.status()).as(r.text()).isEqualTo(503);
        String id = r.header(RequestIds.HEADER);
        assertThat(r.text()).contains("ran out of memory").contains("request " + id).doesNotContain("Error");
        assertThat(r.header("Retry-After")).isNotNull();
        assertThat(logged.substring(logged.indexOf("Request " + id))).contains("java.lang.OutOfMemoryError: injected");
        assertThat(MetricsText.value(http, FAILED)).isEqualTo(1);
        TestServer.assertStillServes(http);
    }

    @Test
    void aStackOverflowOnTheMimiThreadAfterSomeAudioCutsTheConnection() throws IOException {
        CountDownLatch go = new CountDownLatch(1);
        start(mimiFault(3, go, new StackOverflowError()));
        try (RawStream stream = RawStream.post(server.port(), "/tts", StreamingTest.endless())) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.read(Wav.HEADER + StreamingTest.FRAME_BYTES)).hasSize(Wav.HEADER + StreamingTest.FRAME_BYTES);
            go.countDown();
            assertThatThrownBy(stream::readToEnd).as("an incomplete answer").isInstanceOf(EOFException.class);
            assertThat(stream.received()).isLessThanOrEqualTo(Wav.HEADER + 3L * StreamingTest.FRAME_BYTES);
        }
        MetricsText.await("the failure is counted", () -> MetricsText.value(http, FAILED) == 1);
        assertThat(MetricsText.value(http, StreamingTest.IN_FLIGHT)).isZero();
        TestServer.assertStillServes(http);
    }

    /**
     * The voice's prompting is held at its start until the request's thread is interrupted, then
     * handed to the engine with the interrupt pending: an engine that ignored it would make the voice
     * (and the cache would keep it).
     */
    @Test
    void aClientThatLeavesWhileItsVoiceIsPromptedStopsThePrompting() throws Exception {
        CountDownLatch prompting = new CountDownLatch(1);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        EngineWork model = EngineWork.of(fixture.model);
        start(new EngineWork() {
            @Override
            public Voice voice(VoiceInput input) {
                prompting.countDown();
                try {
                    new CountDownLatch(1).await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try {
                    Voice voice = model.voice(input);
                    outcome.complete(voice);
                    return voice;
                } catch (RuntimeException e) {
                    outcome.complete(e);
                    throw e;
                }
            }

            @Override
            public AudioStream stream(Voice voice, String text, GenerationOptions options) {
                return model.stream(voice, text, options);
            }
        });
        byte[] recording = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        try (RawRequest _ = RawRequest.send(server.port(), "/tts", Http.form().field("text", "Hello.")
                .file("voice_wav", "speaker.wav", recording))) {
            assertThat(prompting.await(1, TimeUnit.MINUTES)).as("the voice is being prompted").isTrue();
        }
        assertThat(outcome.get(1, TimeUnit.MINUTES)).as("the engine stopped prompting")
                .isInstanceOfSatisfying(PocketTtsException.class,
                        e -> assertThat(e).hasMessageContaining("Interrupted while preparing the voice speaker.wav"));
        MetricsText.await("the request is counted as its client's leaving", () -> MetricsText.value(http.get("/metrics")
                .text(), "pockettts_http_requests_total{route=\"/tts\",status=\"" + SpeechStreamer.CLIENT_GONE + "\"}") == 1);
        assertThat(MetricsText.value(http, "pockettts_voice_cache_entries")).isZero();
        TestServer.assertStillServes(http);
    }
}
