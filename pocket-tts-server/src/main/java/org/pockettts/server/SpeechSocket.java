package org.pockettts.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.SentenceSplitter;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.AudioLimitException;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to {@code /v1/audio/speech/stream}. The client's messages are read on the web
 * server's thread, which only checks them and splits the text into sentences
 * ({@link SentenceSplitter}); the sentences go, in order, to this connection's own (virtual) thread,
 * which speaks each one in a generation slot of its own and sends its audio frame by frame, each
 * send waiting until the client has taken it. An error ends the connection: an
 * {@code {"type": "error", "detail": ...}} message, then a close; a client that goes away stops its
 * generation at once.
 */
final class SpeechSocket {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechSocket.class);
    /** Close codes (RFC 6455): all done; a client's error; a message too big; try again later; the server's fault. */
    static final int NORMAL = 1000;
    static final int POLICY = 1008;
    static final int TOO_BIG = 1009;
    static final int SERVER_ERROR = 1011;
    static final int TRY_LATER = 1013;
    private static final long SEND_TIMEOUT_SECONDS = 60;

    /** Work for the connection's thread, in the order the messages came. */
    private sealed interface Item {
        record Prepare(SocketMessage.Settings settings) implements Item {
        }

        record Say(String sentence) implements Item {
        }

        record End() implements Item {
        }
    }

    private final Session session;
    private final String id;
    private final SpeechSockets owner;
    private final BlockingQueue<Item> items = new LinkedBlockingQueue<>();
    private final SentenceSplitter splitter = new SentenceSplitter();
    private final Object sending = new Object();
    private final Thread thread;
    // Read and written by the web server's thread only (messages come one at a time).
    private boolean started;
    private boolean ended;
    private long textChars;
    // The connection's thread's own.
    private SocketMessage.Settings settings = SocketMessage.Settings.DEFAULT;
    private GenerationOptions options;
    private VoiceLibrary.Prepared prepared;
    private Voice voice;
    private AudioFormat.Sink sink;
    private long samples;
    private volatile boolean closed;
    private volatile AudioStream running;

    SpeechSocket(Session session, String id, SpeechSockets owner) {
        this.session = session;
        this.id = id;
        this.owner = owner;
        this.thread = Thread.ofVirtual().name("pocket-tts-socket-" + id).unstarted(this::run);
    }

    /** Starts the connection's thread. */
    void start() {
        thread.start();
    }

    /** A text message of the client. */
    void onMessage(String message) {
        if (closed) {
            return;
        }
        try {
            int bytes = message.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > owner.maxMessageBytes()) {
                throw ApiException.tooLarge("The message is too large: " + bytes + " bytes, and a message may hold at"
                        + " most " + owner.maxMessageBytes() + "; send the text in smaller pieces");
            }
            if (ended) {
                throw ApiException.badRequest("The input has ended ({\"end\": true} was sent): no more messages");
            }
            SocketMessage m = SocketMessage.parse(message, !started);
            started = true;
            if (m.settings() != null) {
                items.add(new Item.Prepare(m.settings()));
            }
            if (m.text() != null) {
                textChars += m.text().codePointCount(0, m.text().length());
                if (textChars > owner.maxTextChars()) {
                    throw ApiException.tooLarge("The text is too long: a connection may speak at most "
                            + owner.maxTextChars() + " characters; open another one for more");
                }
                for (String sentence : splitter.append(m.text())) {
                    items.add(new Item.Say(sentence));
                }
            }
            if (m.flush() || m.end()) {
                splitter.flush().ifPresent(sentence -> items.add(new Item.Say(sentence)));
            }
            if (m.end()) {
                ended = true;
                items.add(new Item.End());
            }
        } catch (ApiException e) {
            fail(e);
        }
    }

    /** A binary message of the client: this endpoint takes none. */
    void onBinaryMessage() {
        fail(ApiException.badRequest("Binary messages are not taken: send JSON text messages"));
    }

    /** The connection closed (by the client, or after an error): stops everything. */
    void onClose() {
        closed = true;
        AudioStream stream = running;
        if (stream != null) {
            stream.close();
        }
        thread.interrupt();
    }

    private void run() {
        try {
            while (!closed) {
                Item item = items.take();
                switch (item) {
                    case Item.Prepare p -> prepare(p.settings());
                    case Item.Say s -> say(s.sentence());
                    case Item.End e -> {
                        finish();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // Closed: nothing left to do.
        } catch (ApiException e) {
            fail(e);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A generation stopped because its client left fails as it may: only other failures are news.
            if (!closed) {
                LOG.error("Speech stream {}: failed", id, e);
                fail(new ApiException(500, RequestIds.internalError(id), e));
            }
        } finally {
            owner.ended(this);
        }
    }

    /** Fetches or reads the voice of the settings (before any slot is taken) and checks the options. */
    private void prepare(SocketMessage.Settings given) throws InterruptedException {
        settings = given;
        prepared = null;
        options = null;
        prepareDefaults();
    }

    private void prepareDefaults() throws InterruptedException {
        if (options == null) {
            options = owner.settle(settings.options());
        }
        if (prepared == null) {
            prepared = owner.voices().prepare(settings.voice());
        }
    }

    /** Speaks one sentence in a slot of its own, sending its audio as it is made. */
    private void say(String sentence) throws InterruptedException {
        prepareDefaults();
        TtsModel model = owner.model();
        double left = owner.maxAudioSeconds() - samples / (double) model.sampleRate();
        if (left <= 0) {
            throw tooMuchAudio();
        }
        try (GenerationSlots.Admission admission = owner.slots().admit()) {
            admission.awaitSlot();
            if (voice == null) {
                voice = owner.voices().make(prepared);
            }
            AudioStream stream;
            try {
                stream = owner.work().stream(voice, sentence, options.withMaxAudioSeconds(left));
            } catch (InvalidInputException e) {
                throw ApiException.unprocessable(e.getMessage());
            }
            running = stream;
            long start = System.nanoTime();
            long sentenceSamples = 0;
            Metrics.Outcome outcome = Metrics.Outcome.CANCELLED;
            try (stream) {
                while (!closed && stream.hasNext()) {
                    float[] frame = stream.next();
                    if (sink == null) {
                        sink = settings.format().open(new MessageStream(), model.sampleRate());
                    }
                    sink.write(frame);
                    samples += frame.length;
                    sentenceSamples += frame.length;
                }
                if (!closed && !stream.isCancelled()) {
                    outcome = Metrics.Outcome.COMPLETED;
                }
            } catch (AudioLimitException e) {
                outcome = Metrics.Outcome.LIMITED;
                throw tooMuchAudio();
            } catch (IOException e) {
                // The client went away while a frame was on its way.
                closed = true;
            } catch (PocketTtsException e) {
                outcome = Metrics.Outcome.FAILED;
                throw e;
            } finally {
                running = null;
                owner.metrics().generationEnded(outcome, sentenceSamples, model.sampleRate(), System.nanoTime() - start);
            }
        }
    }

    private ApiException tooMuchAudio() {
        return ApiException.tooLarge("The speech would be longer than " + owner.maxAudioSeconds() + " s, the most"
                + " this server makes for one connection; open another one for more");
    }

    /** The input has ended and all is spoken: the closing silence, the summary, and the close. */
    private void finish() {
        try {
            if (sink != null) {
                sink.finish();
            }
            long total = samples + (sink != null ? tailSamples() : 0);
            Map<String, Object> end = new LinkedHashMap<>();
            end.put("type", "end");
            end.put("samples", total);
            sendText(Routes.json(end));
            close(NORMAL, "end");
        } catch (IOException e) {
            closed = true;
        }
    }

    private long tailSamples() {
        return org.pockettts.audio.WavWriter.tailSilenceSamples(owner.model().sampleRate());
    }

    /** Ends the connection with {@code error}: its message, then the close. */
    private void fail(ApiException error) {
        if (closed) {
            return;
        }
        AudioStream stream = running;
        if (stream != null) {
            stream.close();
        }
        if (error.status() >= 500) {
            LOG.debug("Speech stream {}: {}", id, error.detail(), error.getCause());
        } else {
            LOG.info("Speech stream {}: {}", id, error.detail());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("detail", error.detail());
        int code = switch (error.status()) {
            case 413 -> TOO_BIG;
            case 503 -> TRY_LATER;
            default -> error.status() >= 500 ? SERVER_ERROR : POLICY;
        };
        // The error and the close in one hold of the lock: no audio frame can come between them.
        synchronized (sending) {
            try {
                sendText(Routes.json(body));
            } catch (IOException e) {
                // Gone already.
            }
            close(code, "error");
        }
        thread.interrupt();
    }

    /** Closes the connection with {@code code}, once; later sends do nothing. */
    void close(int code, String reason) {
        synchronized (sending) {
            if (closed) {
                return;
            }
            closed = true;
            session.close(code, reason, Callback.NOOP);
        }
    }

    private void sendText(String text) throws IOException {
        synchronized (sending) {
            if (closed) {
                throw new IOException("closed");
            }
            Callback.Completable done = new Callback.Completable();
            session.sendText(text, done);
            await(done);
        }
    }

    private void sendBinary(byte[] bytes, int length) throws IOException {
        synchronized (sending) {
            if (closed) {
                throw new IOException("closed");
            }
            Callback.Completable done = new Callback.Completable();
            session.sendBinary(ByteBuffer.wrap(bytes, 0, length), done);
            await(done);
        }
    }

    /** Waits until the client has taken a message: a slow client slows its generation, and memory stays bounded. */
    private static void await(Callback.Completable done) throws IOException {
        try {
            done.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the client does not take its audio", e);
        }
    }

    /** Bytes written by an audio sink, each flush one binary message. */
    private final class MessageStream extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            buffer.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (buffer.size() > 0) {
                sendBinary(buffer.toByteArray(), buffer.size());
                buffer.reset();
            }
        }
    }
}
