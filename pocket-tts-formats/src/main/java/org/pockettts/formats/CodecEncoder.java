package org.pockettts.formats;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import org.pockettts.audio.WavWriter;

/**
 * What the encoders of a codec share: the life cycle (open, finished, closed), the closing silence
 * and the flush after each write, and I/O failures reported with the destination and the reason.
 */
abstract class CodecEncoder implements AudioEncoder {

    private enum State { OPEN, FINISHED, CLOSED }

    private final AudioFormat format;
    private final EncodedOutput out;
    private final String destination;
    private final int tailSilence;
    private State state = State.OPEN;

    /**
     * @param destination what is written, for messages: {@code "the MP3 stream"}, {@code "MP3 file /x.mp3"}
     */
    CodecEncoder(AudioFormat format, EncodedOutput out, int sampleRate, String destination) {
        this.format = format;
        this.out = out;
        this.destination = destination;
        this.tailSilence = WavWriter.tailSilenceSamples(sampleRate);
    }

    /** Hands samples to the codec, writing what it produces to {@link #out()}. */
    abstract void encode(float[] samples, int off, int len) throws IOException;

    /** Drains the codec and writes the container's end. */
    abstract void end() throws IOException;

    /** Frees what the codec holds; called once, on finish or close. */
    void release() {
    }

    final EncodedOutput out() {
        return out;
    }

    @Override
    public final AudioFormat format() {
        return format;
    }

    @Override
    public final void write(float[] samples, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, samples.length);
        checkOpen();
        try {
            encode(samples, off, len);
            out.flushWritten();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public final void finish() throws IOException {
        checkOpen();
        try {
            encode(new float[tailSilence], 0, tailSilence);
            end();
            out.flushWritten();
            state = State.FINISHED;
        } catch (IOException e) {
            throw failure(e);
        } finally {
            if (state != State.FINISHED) {
                state = State.CLOSED;
            }
            release();
        }
    }

    @Override
    public final void close() {
        if (state == State.OPEN) {
            state = State.CLOSED;
            release();
        }
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the " + format.formatName() + " encoder is already "
                    + state.name().toLowerCase(Locale.ROOT));
        }
    }

    /** {@code e} as the callers see it: what could not be written, and why. */
    final IOException failure(IOException e) {
        String reason = e.getMessage() != null ? e.getMessage() : "an I/O error";
        return new IOException("cannot write " + destination + ": " + reason, e);
    }
}
