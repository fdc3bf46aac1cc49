package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.WebSocketHandshakeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pockettts.testing.Wav;

/**
 * {@code /v1/audio/speech/stream} with the JDK's WebSocket client: each sentence's audio arrives
 * while the rest of the text is still to come, and is the audio {@code /v1/audio/speech} makes of
 * that sentence (the oracle); bad messages end the connection with an error and leave the server
 * healthy; a client that goes away stops its generation; connections share the generation slots;
 * pages of other sites are refused.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SpeechSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/audio/speech/stream";
    private static final int TAIL_BYTES = 2 * 4800;

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

    /** The oracle: {@code text} spoken by {@code POST /v1/audio/speech} as pcm, without its closing silence. */
    private byte[] spoken(String text) {
        Http.Response r = http.postJson("/v1/audio/speech", "{\"input\": " + TextNode.valueOf(text)
                + ", \"response_format\": \"pcm\", \"temperature\": 0, \"eos_threshold\": -6}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return Arrays.copyOf(r.body(), r.body().length - TAIL_BYTES);
    }

    private static JsonNode json(SocketClient.Event event) throws IOException {
        assertThat(event).isInstanceOf(SocketClient.Event.Text.class);
        return JSON.readTree(((SocketClient.Event.Text) event).text());
    }

    @Test
    void eachSentenceIsSpokenAsSoonAsItIsComplete() throws Exception {
        start(TestServer.config());
        byte[] first = spoken("Hello there.");
        byte[] second = spoken("How are you?");
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            socket.send("{\"temperature\": 0, \"eos_threshold\": -6, \"text\": \"Hello there. How\"}");
            // The first sentence, whole, while the second is still incomplete.
            byte[] firstAudio = socket.audio(first.length);
            assertThat(firstAudio).isEqualTo(first);
            socket.send("{\"text\": \" are you?\"}").send("{\"end\": true}");
            byte[] rest = socket.audio(second.length + TAIL_BYTES);
            assertThat(Arrays.copyOf(rest, second.length)).isEqualTo(second);
            assertThat(Arrays.copyOfRange(rest, second.length, rest.length)).containsOnly(0);
            JsonNode end = json(socket.next());
            assertThat(end.get("type").asText()).isEqualTo("end");
            assertThat(end.get("samples").asLong()).isEqualTo((first.length + rest.length) / 2);
            assertThat(socket.next()).isEqualTo(new SocketClient.Event.Closed(1000, "end"));
        }
    }

    @Test
    void flushSpeaksWithoutASentenceEndAndWavHasItsHeader() throws Exception {
        start(TestServer.config());
        byte[] expected = spoken("no end here");
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            socket.send("{\"format\": \"wav\", \"temperature\": 0, \"eos_threshold\": -6, \"text\": \"no end here\"}")
                    .send("{\"flush\": true}");
            byte[] audio = socket.audio(Wav.HEADER + expected.length);
            socket.send("{\"end\": true}");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(audio);
            all.writeBytes(socket.audio(TAIL_BYTES));
            assertThat(json(socket.next()).get("samples").asLong()).isEqualTo((expected.length + TAIL_BYTES) / 2);
            short[] samples = Wav.streamedSamples(all.toByteArray());
            assertThat(samples).containsExactly(Wav.pcm(concat(expected, new byte[TAIL_BYTES]), 0));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void badMessagesEndTheConnectionWithAnErrorAndTheServerStaysHealthy() throws Exception {
        start(TestServer.config().maxJsonBytes(4096));
        record Bad(List<String> messages, String detail, int code) {
        }
        List<Bad> cases = List.of(
                new Bad(List.of("{\"type\": \"speak\", \"text\": \"Hi.\"}"), "Unknown field 'type'", 1008),
                new Bad(List.of("{\"text\": \"Hi.\""), "Invalid JSON", 1008),
                new Bad(List.of("not json at all"), "Invalid JSON", 1008),
                new Bad(List.of("[\"Hi.\"]"), "must be a JSON object", 1008),
                new Bad(List.of("{\"text\": 5}"), "text must be a string", 1008),
                new Bad(List.of("{\"text\": \"a\", \"text\": \"b\"}"), "Duplicate field", 1008),
                new Bad(List.of("{\"text\": \"Hi\"}", "{\"voice\": \"alba\"}"), "only be given in the first", 1008),
                new Bad(List.of("{\"voice\": \"nobody\", \"text\": \"Hi.\"}"), "Unknown voice 'nobody'", 1008),
                new Bad(List.of("{\"voice\": \"/etc/passwd\"}"), "Unknown voice", 1008),
                new Bad(List.of("{\"temperature\": 99}"), "temperature", 1008),
                new Bad(List.of("{\"format\": \"mp3\"}"), "Unsupported format", 1008),
                new Bad(List.of("{\"text\": \"" + "x".repeat(5000) + "\"}"), "too large", 1009));
        for (Bad bad : cases) {
            try (SocketClient socket = SocketClient.connect(server, PATH)) {
                for (String m : bad.messages()) {
                    socket.send(m);
                }
                JsonNode error = json(socket.next());
                assertThat(error.get("type").asText()).as(bad.toString()).isEqualTo("error");
                assertThat(error.get("detail").asText()).as(bad.toString()).contains(bad.detail());
                assertThat(socket.next()).as(bad.toString()).isEqualTo(new SocketClient.Event.Closed(bad.code(), "error"));
            }
        }
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            // Beyond four times the limit the web server itself refuses the message, with 1009 and no error message.
            socket.send("{\"text\": \"" + "x".repeat(4 * 4096 + 1) + "\"}");
            assertThat(socket.next()).isInstanceOfSatisfying(SocketClient.Event.Closed.class,
                    closed -> assertThat(closed.code()).isEqualTo(1009));
        }
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            socket.send("{\"end\": true}");
            JsonNode end = json(socket.next());
            assertThat(end.get("type").asText()).as("an empty input ends cleanly").isEqualTo("end");
            assertThat(end.get("samples").asLong()).isZero();
            assertThat(socket.next()).isEqualTo(new SocketClient.Event.Closed(1000, "end"));
        }
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            socket.sendBinary(new byte[] {1, 2, 3});
            assertThat(json(socket.next()).get("detail").asText()).contains("Binary messages");
        }
        TestServer.assertStillServes(http);
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            socket.send("{\"text\": \"Still here.\", \"eos_threshold\": -6, \"end\": true}");
            SocketClient.Event event;
            int audioMessages = 0;
            while ((event = socket.next()) instanceof SocketClient.Event.Binary) {
                audioMessages++;
            }
            assertThat(audioMessages).isPositive();
            assertThat(json(event).get("type").asText()).isEqualTo("end");
        }
    }

    @Test
    void aClientThatGoesAwayStopsItsGenerationAndConnectionsShareTheSlots() throws Exception {
        start(TestServer.config().maxConcurrent(1).maxQueue(0));
        try (SocketClient socket = SocketClient.connect(server, PATH)) {
            socket.send("{\"eos_threshold\": 1e9, \"text\": " + TextNode.valueOf(StreamingTest.LONG_TEXT) + "}");
            socket.audio(StreamingTest.FRAME_BYTES);
            assertThat(MetricsText.value(http, StreamingTest.IN_FLIGHT)).isEqualTo(1);
            // The only slot is this connection's: an HTTP request finds no room.
            Http.Response busy = http.postJson("/v1/audio/speech", "{\"input\": \"Hi.\"}");
            assertThat(busy.status()).isEqualTo(503);
            socket.abort();
        }
        // Its sentence is stopped unfinished, and no other is begun: the slot is free.
        MetricsText.await("the generation is stopped", () -> MetricsText.value(http, StreamingTest.CANCELLED) == 1);
        MetricsText.await("the slot is free", () -> MetricsText.value(http, StreamingTest.IN_FLIGHT) == 0);
        double completed = MetricsText.value(http, StreamingTest.COMPLETED);
        assertThat(completed).as("sentences spoken of 60").isLessThan(60);
        TestServer.assertStillServes(http);
        assertThat(MetricsText.value(http, StreamingTest.COMPLETED)).isEqualTo(completed + 1);
        assertThat(MetricsText.value(http, StreamingTest.CANCELLED)).isEqualTo(1);
    }

    @Test
    void pagesOfOtherSitesCannotConnect() throws Exception {
        start(TestServer.config());
        assertThatThrownBy(() -> SocketClient.connect(server, PATH, Map.of("Origin", "https://evil.example")))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        try (SocketClient socket = SocketClient.connect(server, PATH,
                Map.of("Origin", "http://127.0.0.1:" + server.port()))) {
            socket.send("{\"text\": \"Hi.\", \"eos_threshold\": -6, \"end\": true}");
            assertThat(socket.next()).isInstanceOf(SocketClient.Event.Binary.class);
        }
    }
}
