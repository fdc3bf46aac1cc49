package org.pockettts.server;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.AudioLimitException;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.formats.AudioEncoder;
import org.pockettts.formats.AudioFormat;
import org.pockettts.formats.TimeStretcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request's generation and streams its audio as each frame is decoded. In order: the
 * request is admitted (or turned away with a 503), its body read, its voice fetched or read
 * ({@link VoiceLibrary#prepare}), then it waits for a slot, its voice is prompted and the generation
 * starts; the response is committed only with the first frame, so that every failure up to that
 * point is still an error answer. A client that hangs up while waiting is noticed
 * ({@link Disconnects}) and the wait ends.
 *
 * <p>Each frame is flushed, so the response leaves in chunks long before the generation ends. A
 * client that goes away makes the next write fail: the generation is stopped at once (within one
 * frame) and its slot freed. A generation cut short on the server's side (an engine failure, the
 * audio limit, or the server stopping) aborts the connection rather than ending the response
 * normally, so the client can tell the audio is incomplete.
 */
final class SpeechStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechStreamer.class);
    /** The status of a request whose client left before its answer, as nginx logs it. */
    static final int CLIENT_GONE = 499;

    private final TtsModel model;
    private final EngineWork work;
    private final VoiceLibrary voices;
    private final GenerationSlots slots;
    private final Metrics metrics;
    private final Disconnects disconnects;
    private final int maxAudioSeconds;
    private final int retryAfterSeconds;
    private final long maxBodyBytes;
    private final Set<AudioStream> running = ConcurrentHashMap.newKeySet();

    SpeechStreamer(TtsModel model, EngineWork work, VoiceLibrary voices, GenerationSlots slots, Metrics metrics,
                   Disconnects disconnects, ServerConfig config) {
        this.model = model;
        this.work = work;
        this.voices = voices;
        this.slots = slots;
        this.metrics = metrics;
        this.disconnects = disconnects;
        this.maxAudioSeconds = config.maxAudioSeconds();
        this.retryAfterSeconds = config.retryAfterSeconds();
        this.maxBodyBytes = config.maxUploadBytes() + TtsForm.FORM_OVERHEAD;
    }

    /**
     * Answers the request that {@code parse} reads with streamed audio.
     *
     * @param arrival {@link System#nanoTime()} when the request came in
     * @throws ApiException for anything found wrong before the first byte is sent
     */
    void stream(Context ctx, Supplier<SpeechRequest> parse, String filename, long arrival) throws InterruptedException {
        try (GenerationSlots.Admission admission = slots.admit()) {
            SpeechRequest request = read(ctx, parse);
            GenerationOptions options = settle(request.options());
            checkText(request.text(), options);
            Voice voice = null;
            try (Disconnects.Watch watch = disconnects.watch(ctx)) {
                try {
                    VoiceLibrary.Prepared prepared = voices.prepare(request.voice());
                    admission.awaitSlot();
                    voice = voices.make(prepared);
                } catch (InterruptedException | RuntimeException e) {
                    // Interrupted because the client left, whatever the interrupted code made of it.
                    if (!watch.clientGone()) {
                        throw e;
                    }
                }
                if (watch.clientGone()) {
                    // Nobody reads this answer; it is there for the log and the metrics (nginx's 499).
                    throw new ApiException(CLIENT_GONE, "The client closed its connection while the request waited");
                }
                if (watch.sentMore()) {
                    ctx.header("Connection", "close");
                }
            }
            generate(ctx, voice, request, options, filename, arrival);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(ctx, e);
        }
    }

    /** The request, read before its body's deadline (a client too slow to send it is cut off). */
    private SpeechRequest read(Context ctx, Supplier<SpeechRequest> parse) {
        long length = ctx.req().getContentLengthLong();
        try (Disconnects.BodyDeadline deadline = disconnects.bodyDeadline(ctx, length >= 0 ? length : maxBodyBytes)) {
            try {
                return parse.get();
            } catch (ApiException e) {
                if (deadline.passed()) {
                    throw new ApiException(408, "The request body arrived too slowly: a body must arrive within "
                            + Disconnects.BODY_GRACE.toSeconds() + " s plus 1 s for every "
                            + Disconnects.MIN_BODY_RATE / 1024 + " KB", e.getCause() != null ? e.getCause() : e);
                }
                throw e;
            }
        }
    }

    /**
     * The request's options as the model will use them, with the server's audio limit: checked whole
     * now (a noise clamp against the model's temperature), before the request waits for anything.
     */
    private GenerationOptions settle(GenerationOptions options) {
        try {
            return model.resolve(options.withMaxAudioSeconds(maxAudioSeconds));
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
    }

    /**
     * Refuses malformed pause markup, and numbers to read aloud in a language without number rules,
     * as a bad request before it waits for anything: planning the text costs little beside speaking it.
     */
    private void checkText(String text, GenerationOptions options) {
        try {
            model.plan(text, options);
        } catch (InvalidInputException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private void generate(Context ctx, Voice voice, SpeechRequest request, GenerationOptions options, String filename,
                          long arrival) {
        AudioStream stream;
        try {
            stream = work.stream(voice, request.text(), options);
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        running.add(stream);
        try (stream) {
            send(ctx, stream, request.format(), TimeStretcher.of(request.speed(), model.sampleRate()), filename,
                    arrival);
        } finally {
            running.remove(stream);
        }
    }

    private void send(Context ctx, AudioStream stream, AudioFormat format, TimeStretcher stretcher, String filename,
                      long arrival) {
        long start = System.nanoTime();
        long samples = 0;
        Metrics.Outcome outcome = Metrics.Outcome.CANCELLED;
        AudioEncoder sink = null;
        try {
            while (stream.hasNext()) {
                float[] frame = stream.next();
                if (sink == null) {
                    sink = open(ctx, format, filename);
                }
                sink.write(stretcher.push(frame));
                if (samples == 0) {
                    metrics.firstChunk(System.nanoTime() - arrival);
                }
                samples += frame.length;
            }
            if (sink == null) {
                sink = open(ctx, format, filename);
            }
            if (stream.isCancelled()) {
                // Stopped by the server (shutting down): the audio is incomplete, and the client must know.
                Connections.abort(ctx, new IOException("generation cut: the server is stopping"));
            } else {
                sink.write(stretcher.finish());
                sink.finish();
                // Ends the response (the last chunk) while the slot is still held, so that a stopping
                // server, which waits for the slots, never cuts an answer that is complete.
                ctx.res().getOutputStream().close();
                outcome = Metrics.Outcome.COMPLETED;
            }
        } catch (AudioLimitException e) {
            outcome = Metrics.Outcome.LIMITED;
            if (sink == null) {
                throw ApiException.tooLarge("The speech would be longer than " + maxAudioSeconds + " s, the most"
                        + " this server makes for one request; give a shorter text or shorter pauses");
            }
            LOG.info("Request {}: audio cut after {} s, the most one request may have", RequestIds.of(ctx),
                    String.format(Locale.ROOT, "%.2f", samples / (double) model.sampleRate()));
            Connections.abort(ctx, new IOException("audio limit reached"));
        } catch (IOException e) {
            // The client went away (or the connection was cut): stop generating for nobody.
            LOG.debug("Request {}: client gone after {} samples: {}", RequestIds.of(ctx), samples, e.toString());
        } catch (PocketTtsException | OutOfMemoryError e) {
            outcome = Metrics.Outcome.FAILED;
            if (sink == null) {
                throw isOutOfMemory(e) ? outOfMemory(ctx, e) : new ApiException(500, RequestIds.internalError(ctx), e);
            }
            LOG.error("Request {}: generation failed after {} samples; connection cut", RequestIds.of(ctx), samples, e);
            Connections.abort(ctx, e);
        } finally {
            stream.close();
            if (sink != null) {
                sink.close();
            }
            metrics.generationEnded(outcome, samples, model.sampleRate(), System.nanoTime() - start);
        }
    }

    /** Commits the response: status, headers, and the format's header (WAV, Ogg, FLAC). */
    private AudioEncoder open(Context ctx, AudioFormat format, String filename) throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType(format.contentType());
        res.setHeader("Content-Disposition", "attachment; filename=" + filename + "." + format.extensions().getFirst());
        res.setHeader("Cache-Control", "no-store");
        ServletOutputStream out = res.getOutputStream();
        return format.newEncoder(out, model.sampleRate());
    }

    private ApiException outOfMemory(Context ctx, Throwable e) {
        return new ApiException(503, "The server ran out of memory for this request; try again later, or with a"
                + " shorter text or recording (request " + RequestIds.of(ctx) + ")",
                Map.of("Retry-After", Integer.toString(retryAfterSeconds)), e);
    }

    private static boolean isOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** Stops every running generation; their clients' connections are aborted. */
    void cutAll() {
        for (AudioStream s : running) {
            s.close();
        }
    }
}
