package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.pockettts.audio.WavWriter;

/**
 * One audio stream to a client: {@code audio-start}, an {@code audio-chunk} per generated frame
 * (signed 16-bit little-endian mono PCM, each sample converted as the WAV files are), then
 * {@code audio-stop}. Starts and chunks carry {@code rate}, {@code width} and {@code channels}, as
 * the protocol asks.
 */
final class AudioOut {

    static final int WIDTH = 2;
    static final int CHANNELS = 1;

    private final EventWriter writer;
    private final int rate;
    private boolean started;

    AudioOut(EventWriter writer, int rate) {
        this.writer = writer;
        this.rate = rate;
    }

    /** Sends {@code audio-start} unless it was sent already. */
    void start() throws IOException {
        if (!started) {
            writer.write(Event.of("audio-start", format()));
            started = true;
        }
    }

    /** Sends one frame as an {@code audio-chunk} (after {@code audio-start} if needed). */
    void frame(float[] samples) throws IOException {
        start();
        byte[] pcm = new byte[samples.length * WIDTH];
        for (int i = 0; i < samples.length; i++) {
            short v = WavWriter.toPcm16(samples[i]);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        writer.write("audio-chunk", format(), pcm, 0, pcm.length);
    }

    /** Sends {@code audio-stop}, after an {@code audio-start} if none was sent (an empty stream is still a stream). */
    void stop() throws IOException {
        start();
        writer.write(Event.of("audio-stop", null));
    }

    boolean started() {
        return started;
    }

    private ObjectNode format() {
        return Event.object().put("rate", rate).put("width", WIDTH).put("channels", CHANNELS);
    }
}
