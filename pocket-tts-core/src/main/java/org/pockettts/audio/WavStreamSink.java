package org.pockettts.audio;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A WAV stream to a target that cannot seek back (standard output, an HTTP response): the header
 * goes out first with the streaming placeholder sizes and every write is flushed, so that a player
 * can start before generation ends.
 */
final class WavStreamSink implements PcmSink {

    private final OutputStream out;

    WavStreamSink(OutputStream out, int sampleRate) throws IOException {
        this.out = out;
        try {
            out.write(WavHeader.pcm16Mono(sampleRate, WavHeader.STREAMING_DATA_BYTES));
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void finish(long dataBytes) throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void abort() {
        // What was sent is gone; the receiver sees a stream that ends early, which players accept.
    }

    @Override
    public long maxDataBytes() {
        return Long.MAX_VALUE;
    }

    private static IOException failure(IOException e) {
        return new IOException("cannot write the WAV stream: " + PcmSink.reason(e), e);
    }
}
