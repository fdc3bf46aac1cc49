package org.pockettts.server;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pockettts.AudioStream;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request's generation and streams its audio as each frame is decoded: waits for a slot,
 * gets the voice, starts the generation, and only then commits the response, so that every failure
 * up to that point is still an error answer. Each frame is flushed, so the response leaves in
 * chunks long before the generation ends.
 *
 * <p>A client that goes away makes the next write fail: the generation is stopped at once (within
 * one frame) and its slot freed. A generation cut short on the server's side (an engine failure,
 * or the server stopping) aborts the connection rather than ending the response normally, so the
 * client can tell the audio is incomplete.
 */
final class SpeechStreamer {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechStreamer.class);

    private final TtsModel model;
    private final VoiceLibrary voices;
    private final GenerationSlots slots;
    private final Metrics metrics;
    private final Set<AudioStream> running = ConcurrentHashMap.newKeySet();

    SpeechStreamer(TtsModel model, VoiceLibrary voices, GenerationSlots slots, Metrics metrics) {
        this.model = model;
        this.voices = voices;
        this.slots = slots;
        this.metrics = metrics;
    }

    /**
     * Answers {@code request} with streamed audio.
     *
     * @param arrival {@link System#nanoTime()} when the request came in
     * @throws ApiException for anything found wrong before the first byte is sent
     */
    void stream(Context ctx, SpeechRequest request, String filename, long arrival) throws InterruptedException {
        try (GenerationSlots.Slot _ = slots.acquire()) {
            Voice voice = voices.resolve(request.voice());
            AudioStream stream;
            try {
                stream = model.stream(voice, request.text(), request.options());
            } catch (InvalidInputException e) {
                throw ApiException.unprocessable(e.getMessage());
            }
            running.add(stream);
            try (stream) {
                send(ctx, stream, request.format(), filename, arrival);
            } finally {
                running.remove(stream);
            }
        }
    }

    private void send(Context ctx, AudioStream stream, AudioFormat format, String filename, long arrival) {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType(format.contentType());
        res.setHeader("Content-Disposition", "attachment; filename=" + filename + "." + format.formatName());
        res.setHeader("Cache-Control", "no-store");
        long start = System.nanoTime();
        long samples = 0;
        Metrics.Outcome outcome = Metrics.Outcome.CANCELLED;
        try {
            ServletOutputStream out = res.getOutputStream();
            AudioFormat.Sink sink = format.open(out, model.sampleRate());
            while (stream.hasNext()) {
                float[] frame = stream.next();
                sink.write(frame);
                if (samples == 0) {
                    metrics.firstChunk(System.nanoTime() - arrival);
                }
                samples += frame.length;
            }
            if (stream.isCancelled()) {
                // Stopped by the server (shutting down): the audio is incomplete, and the client must know.
                Connections.abort(ctx, new IOException("generation cut: the server is stopping"));
            } else {
                sink.finish();
                // Ends the response (the last chunk) while the slot is still held, so that a stopping
                // server, which waits for the slots, never cuts an answer that is complete.
                out.close();
                outcome = Metrics.Outcome.COMPLETED;
            }
        } catch (IOException e) {
            // The client went away (or the connection was cut): stop generating for nobody.
            LOG.debug("client gone after {} samples: {}", samples, e.toString());
        } catch (PocketTtsException e) {
            outcome = Metrics.Outcome.FAILED;
            LOG.error("Generation failed after {} samples: {}", samples, e.getMessage(), e);
            Connections.abort(ctx, e);
        } finally {
            stream.close();
            metrics.generationEnded(outcome, samples, model.sampleRate(), System.nanoTime() - start);
        }
    }

    /** Stops every running generation; their clients' connections are aborted. */
    void cutAll() {
        for (AudioStream s : running) {
            s.close();
        }
    }
}
