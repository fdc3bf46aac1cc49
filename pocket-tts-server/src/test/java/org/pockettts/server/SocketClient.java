package org.pockettts.server;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client of the JDK for the tests: every whole message the server sends, and its close,
 * as events in the order they came.
 */
final class SocketClient implements AutoCloseable {

    /** Something the server sent. */
    sealed interface Event {
        record Text(String text) implements Event {
        }

        record Binary(byte[] bytes) implements Event {
        }

        record Closed(int code, String reason) implements Event {
        }

        record Failed(Throwable error) implements Event {
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final WebSocket socket;

    private SocketClient(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        socket = builder.buildAsync(uri, new Collector()).join();
    }

    /** Connects to {@code path} of {@code server}. */
    static SocketClient connect(TtsServer server, String path) {
        return connect(server, path, Map.of());
    }

    static SocketClient connect(TtsServer server, String path, Map<String, String> headers) {
        return new SocketClient(URI.create("ws://127.0.0.1:" + server.port() + path), headers);
    }

    SocketClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    SocketClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    /** The next event; a hang fails by the test's timeout. */
    Event next() throws InterruptedException {
        return events.take();
    }

    /** The next event, or null when none comes within {@code seconds}. */
    Event poll(long seconds) throws InterruptedException {
        return events.poll(seconds, TimeUnit.SECONDS);
    }

    /** The binary messages up to at least {@code bytes}, failing at any other event. */
    byte[] audio(long bytes) throws InterruptedException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (all.size() < bytes) {
            Event e = next();
            if (!(e instanceof Event.Binary b)) {
                throw new AssertionError("expected audio after " + all.size() + " bytes, got " + e);
            }
            all.writeBytes(b.bytes());
        }
        return all.toByteArray();
    }

    /** Drops the connection without a close handshake. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }

    private final class Collector implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add(new Event.Text(text.toString()));
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                events.add(new Event.Binary(binary.toByteArray()));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            events.add(new Event.Closed(statusCode, reason));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            events.add(new Event.Failed(error));
        }
    }
}
