package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import org.pockettts.AudioStream;
import org.pockettts.SentenceSplitter;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client, on its own (virtual) thread: reads its events one after the other and answers each
 * before reading the next, as the protocol's own servers do.
 *
 * <ul>
 * <li>{@code describe} → {@code info};</li>
 * <li>{@code synthesize} → {@code audio-start}, {@code audio-chunk}s as the frames are generated,
 *     {@code audio-stop}; inside a stream it is the copy of the whole text that clients send for
 *     servers without streaming, and is ignored;</li>
 * <li>{@code synthesize-start} (optional {@code voice}), {@code synthesize-chunk}s ({@code text}),
 *     {@code synthesize-stop} → one audio stream: {@code audio-start}, then the audio of each
 *     sentence as soon as the chunks complete it, {@code audio-stop} and {@code synthesize-stopped};</li>
 * <li>{@code ping} → {@code pong} with the same {@code text}.</li>
 * </ul>
 * Anything else, and any request that cannot be done, is answered with an {@code error} event
 * ({@code text}, {@code code}); the connection goes on, unless the framing is lost. A client that
 * goes away stops its generation: the next frame cannot be written, and the stream is closed.
 */
final class Connection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int BUFFER = 64 * 1024;

    private final Socket socket;
    private final WyomingServer server;
    private final TtsModel model;
    private volatile EventWriter writer;
    /** The text stream being received, or null outside {@code synthesize-start} … {@code synthesize-stop}. */
    private TextStream stream;
    /** The generation running for this connection, closed from outside when the server stops. */
    private volatile AudioStream generating;
    /** The thread serving this connection, interrupted when the server stops (it may wait for a slot). */
    private volatile Thread thread;

    Connection(Socket socket, WyomingServer server, TtsModel model) {
        this.socket = socket;
        this.server = server;
        this.model = model;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try (socket) {
            socket.setTcpNoDelay(true);
            EventReader reader = new EventReader(new BufferedInputStream(socket.getInputStream(), BUFFER));
            writer = new EventWriter(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
            while (true) {
                Event event;
                try {
                    event = reader.read();
                } catch (BadEventException e) {
                    error(e.code(), e.getMessage());
                    if (e.framingLost()) {
                        return;
                    }
                    continue;
                }
                if (event == null) {
                    return;
                }
                handle(event);
            }
        } catch (IOException e) {
            LOG.debug("connection from {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (InterruptedException e) {
            LOG.debug("connection from {} closed: the server stops", socket.getRemoteSocketAddress());
        } finally {
            server.closed(this);
        }
    }

    /** Refuses this connection: too many are open. */
    void refuse(String message) {
        try (socket) {
            writer = new EventWriter(new BufferedOutputStream(socket.getOutputStream(), 1024));
            error(ErrorCode.SERVER_BUSY, message);
        } catch (IOException e) {
            LOG.debug("refused connection ended: {}", e.toString());
        }
    }

    /** Closes the connection from outside (the server stops): its thread ends at its next read or write. */
    void close() {
        AudioStream running = generating;
        if (running != null) {
            running.close();
        }
        Thread serving = thread;
        if (serving != null) {
            serving.interrupt();
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a connection failed: {}", e.toString());
        }
    }

    /** Whether a write to the client has waited more than {@code timeoutNanos} at {@code now}: it takes nothing. */
    boolean stalled(long now, long timeoutNanos) {
        EventWriter w = writer;
        long since = w == null ? 0 : w.blockedSince();
        return since != 0 && now - since > timeoutNanos;
    }

    /** Waits until the connection's thread has ended, at most until {@code deadline} ({@link System#nanoTime()}). */
    void awaitEnd(long deadline) throws InterruptedException {
        Thread serving = thread;
        long left = deadline - System.nanoTime();
        if (serving != null && left > 0) {
            serving.join(java.time.Duration.ofNanos(left));
        }
    }

    private void handle(Event event) throws IOException, InterruptedException {
        try {
            switch (event.type()) {
                case "describe" -> writer.write(Event.of("info", server.info()));
                case "synthesize" -> synthesize(event.data());
                case "synthesize-start" -> startStream(event.data());
                case "synthesize-chunk" -> streamChunk(event.data());
                case "synthesize-stop" -> stopStream();
                case "ping" -> writer.write(Event.of("pong", Event.object().set("text", event.data().get("text"))));
                default -> error(ErrorCode.UNKNOWN_EVENT, "Unknown event type '" + abbreviate(event.type())
                        + "': this text-to-speech server handles describe, synthesize, synthesize-start,"
                        + " synthesize-chunk, synthesize-stop and ping");
            }
        } catch (RequestException e) {
            error(e.code, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("unexpected failure handling a {} event", event.type(), e);
            error(ErrorCode.SYNTHESIS_FAILED, "The server failed unexpectedly; see its log");
        }
    }

    private void synthesize(ObjectNode data) throws IOException, InterruptedException, RequestException {
        if (stream != null) {
            // Sent alongside a stream for servers without streaming: the stream's chunks say it all.
            return;
        }
        String text = text(data, "synthesize");
        checkLength(text.codePointCount(0, text.length()));
        Voice voice = voice(data);
        AudioOut out = new AudioOut(writer, model.sampleRate());
        try {
            speak(text, voice, out);
        } catch (RequestException e) {
            if (!out.started()) {
                throw e;
            }
            // The error first, then the end of the audio it cut short, for clients that read up to audio-stop.
            error(e.code, e.getMessage());
        }
        out.stop();
    }

    private void startStream(ObjectNode data) throws IOException, InterruptedException, RequestException {
        if (stream != null) {
            throw new RequestException(ErrorCode.INVALID_REQUEST, "A stream is already open: end it with"
                    + " synthesize-stop before starting another");
        }
        stream = new TextStream(new AudioOut(writer, model.sampleRate()));
        try {
            stream.voice = voice(data);
        } catch (RequestException e) {
            stream.failed = true;
            throw e;
        }
    }

    private void streamChunk(ObjectNode data) throws IOException, InterruptedException, RequestException {
        if (stream == null) {
            throw new RequestException(ErrorCode.INVALID_REQUEST, "synthesize-chunk outside a stream: send"
                    + " synthesize-start first");
        }
        String text = text(data, "synthesize-chunk");
        if (stream.failed) {
            return;
        }
        try {
            stream.chars += text.codePointCount(0, text.length());
            checkLength(stream.chars);
            for (String sentence : stream.sentences.append(text)) {
                speak(sentence, stream.voice, stream.out);
            }
        } catch (RequestException e) {
            stream.failed = true;
            throw e;
        }
    }

    private void stopStream() throws IOException, InterruptedException, RequestException {
        if (stream == null) {
            throw new RequestException(ErrorCode.INVALID_REQUEST, "synthesize-stop outside a stream: send"
                    + " synthesize-start first");
        }
        TextStream ending = stream;
        stream = null;
        if (!ending.failed) {
            try {
                Optional<String> rest = ending.sentences.flush();
                if (rest.isPresent()) {
                    speak(rest.get(), ending.voice, ending.out);
                }
            } catch (RequestException e) {
                error(e.code, e.getMessage());
                ending.failed = true;
            }
        }
        // The stream is ended whatever happened, so that a client waiting for its end sees it; after a
        // failure, the audio only if it had begun.
        if (!ending.failed || ending.out.started()) {
            ending.out.stop();
        }
        writer.write(Event.of("synthesize-stopped", null));
    }

    /** Generates {@code text} in {@code voice} into {@code out} once a generation slot is free. */
    private void speak(String text, Voice voice, AudioOut out) throws IOException, InterruptedException,
            RequestException {
        if (server.stopping()) {
            throw new RequestException(ErrorCode.SERVER_BUSY, "The server is shutting down; try again later");
        }
        GenerationSlots slots = server.slots();
        slots.acquire();
        GenerationSlots.Outcome outcome = GenerationSlots.Outcome.STOPPED;
        try (AudioStream audio = model.stream(voice, text, server.config().options())) {
            generating = audio;
            out.start();
            while (audio.hasNext()) {
                out.frame(audio.next());
            }
            if (audio.isCancelled()) {
                // Closed from outside (the server stops, or the client took no audio): the connection
                // ends here, with no audio-stop that would make the cut audio look whole.
                throw new InterruptedException("the generation was stopped");
            }
            outcome = GenerationSlots.Outcome.COMPLETED;
        } catch (InvalidInputException e) {
            outcome = GenerationSlots.Outcome.FAILED;
            throw new RequestException(ErrorCode.INVALID_REQUEST, e.getMessage());
        } catch (PocketTtsException e) {
            if (Thread.currentThread().isInterrupted()) {
                // The server stops: the generation was cut, it did not fail.
                throw new InterruptedException("the server stops");
            }
            outcome = GenerationSlots.Outcome.FAILED;
            throw new RequestException(ErrorCode.SYNTHESIS_FAILED, e.getMessage());
        } finally {
            generating = null;
            slots.release(outcome);
        }
    }

    private Voice voice(ObjectNode data) throws InterruptedException, RequestException {
        JsonNode voice = data.get("voice");
        String name = null;
        if (voice != null && !voice.isNull()) {
            if (!voice.isObject()) {
                throw new RequestException(ErrorCode.INVALID_REQUEST, "\"voice\" must be an object such as"
                        + " {\"name\": \"alba\"}");
            }
            JsonNode n = voice.get("name");
            if (n != null && !n.isNull()) {
                if (!n.isTextual()) {
                    throw new RequestException(ErrorCode.INVALID_REQUEST, "\"voice.name\" must be a string");
                }
                name = n.asText();
            }
        }
        try {
            return server.voices().voice(name);
        } catch (PocketTtsException e) {
            throw new RequestException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    private static String text(ObjectNode data, String type) throws RequestException {
        JsonNode text = data.get("text");
        if (text == null || !text.isTextual()) {
            throw new RequestException(ErrorCode.INVALID_REQUEST, "A " + type + " event needs a \"text\" string");
        }
        return text.asText();
    }

    private void checkLength(long chars) throws RequestException {
        int max = server.config().maxTextChars();
        if (chars > max) {
            throw new RequestException(ErrorCode.TEXT_TOO_LONG, "The text is too long: at most " + max
                    + " characters may be spoken per request (a stream's chunks added up)");
        }
    }

    private void error(ErrorCode code, String text) throws IOException {
        writer.write(Event.of("error", Event.object().put("text", text).put("code", code.code())));
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /** The state of one {@code synthesize-start} … {@code synthesize-stop}. */
    private static final class TextStream {
        final AudioOut out;
        final SentenceSplitter sentences = new SentenceSplitter();
        Voice voice;
        long chars;
        /** After an error the rest of the stream is dropped; its stop still ends it. */
        boolean failed;

        TextStream(AudioOut out) {
            this.out = out;
        }
    }

    /** A request that cannot be done, answered with an {@code error} event; the connection goes on. */
    private static final class RequestException extends Exception {
        final ErrorCode code;

        RequestException(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
