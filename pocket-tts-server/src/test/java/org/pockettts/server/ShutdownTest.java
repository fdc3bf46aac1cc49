package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stopping server refuses new connections and queued requests at once, lets running generations
 * finish within the grace period, and then cuts the rest so that their clients see an incomplete
 * response, not a short one.
 */
class ShutdownTest {

    private static TestServer fixture;

    @BeforeAll
    static void load() {
        fixture = new TestServer();
    }

    @AfterAll
    static void unload() {
        fixture.close();
    }

    private static boolean refusesConnections(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Some 3,000 frames: more than the buffers hold, so it is still running when the stop begins. */
    private static Http.Form medium() {
        String text = "This is one of the many sentences of a very long text. ".repeat(18);
        return Http.form().field("text", text).field("eos_threshold", "1e9").field("temperature", "0");
    }

    @Test
    void aRunningGenerationFinishesWithinTheGrace() throws Exception {
        TtsServer server = fixture.start(TestServer.config().shutdownGrace(Duration.ofMinutes(2)));
        int port = server.port();
        try (RawStream stream = RawStream.post(port, "/tts", medium())) {
            byte[] head = stream.read(Wav.HEADER + 3840);
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
            MetricsText.await("new connections are refused", () -> refusesConnections(port));
            assertThat(stopping).isNotDone();
            byte[] rest = stream.readToEnd();
            byte[] all = new byte[head.length + rest.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(rest, 0, all, head.length, rest.length);
            short[] samples = Wav.streamedSamples(all);
            // Whole: it ends with the closing 0.2 s of silence.
            assertThat(samples.length).isGreaterThan(2000 * 1920);
            for (int i = samples.length - 4800; i < samples.length; i++) {
                assertThat(samples[i]).isZero();
            }
            stopping.get();
        }
        assertThat(MetricsText.value(server.metricsText(), StreamingTest.COMPLETED)).isEqualTo(1);
    }

    @Test
    void queuedRequestsAreRefusedAndLongGenerationsCut() throws Exception {
        TtsServer server = fixture.start(TestServer.config().maxConcurrent(1).maxQueue(4)
                .shutdownGrace(Duration.ofMillis(500)));
        Http http = new Http(TestServer.base(server));
        try (RawStream running = RawStream.post(server.port(), "/tts", StreamingTest.endless())) {
            running.read(Wav.HEADER + 3840);
            CompletableFuture<Http.Response> queued = CompletableFuture.supplyAsync(() -> http.post("/tts",
                    Http.form().field("text", "Queued.")));
            MetricsText.await("a request waits", () -> MetricsText.value(http, StreamingTest.QUEUED) == 1);

            server.stop();

            Http.Response refused = queued.get();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.text()).contains("shutting down");
            assertThat(refused.header("Retry-After")).isNotNull();
            assertThatThrownBy(running::readToEnd).isInstanceOf(EOFException.class);
        }
        MetricsText.await("the cut generation is counted",
                () -> MetricsText.value(server.metricsText(), StreamingTest.CANCELLED) == 1);
        assertThat(MetricsText.value(server.metricsText(), StreamingTest.COMPLETED)).isZero();
    }
}
