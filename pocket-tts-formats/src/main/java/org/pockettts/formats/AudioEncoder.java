package org.pockettts.formats;

import java.io.IOException;

/**
 * Encodes mono float samples in [-1, 1] as they arrive, from {@link AudioFormat#newEncoder} or
 * {@link AudioFormat#newFileEncoder}.
 *
 * <p>Each {@link #write} hands the codec its samples and sends on, and flushes, whatever encoded
 * bytes it has produced, so that a listener hears the audio while it is generated; a codec holds back
 * at most its own frame and look-ahead (see the README for each format's delay). {@link #finish()}
 * appends the closing silence, drains the codec and writes any trailer. An encoder is meant for one
 * thread.
 */
public interface AudioEncoder extends AutoCloseable {

    /** The format being written. */
    AudioFormat format();

    /** Encodes {@code samples[off, off + len)}. */
    void write(float[] samples, int off, int len) throws IOException;

    /** Encodes all of {@code samples}. */
    default void write(float[] samples) throws IOException {
        write(samples, 0, samples.length);
    }

    /**
     * Ends the audio: the closing silence, the codec's last frames and the container's end. The
     * output stream is flushed, not closed; a file target takes its place.
     *
     * @throws IllegalStateException when already finished or closed
     */
    void finish() throws IOException;

    /**
     * Releases the codec. Without a completed {@link #finish()}, the output is abandoned: a stream
     * simply ends where it is, a file target leaves nothing behind. Never throws.
     */
    @Override
    void close();
}
