package org.pockettts.formats;

import java.io.ByteArrayOutputStream;

/** A stream as a client sees it: what was sent, what was flushed (sent on its way), and whether it was closed. */
final class RecordingStream extends ByteArrayOutputStream {

    private int flushedSize;
    private int flushes;
    private boolean closed;

    @Override
    public void flush() {
        flushedSize = size();
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Bytes that were written but not yet flushed. */
    int unflushed() {
        return size() - flushedSize;
    }

    int flushes() {
        return flushes;
    }

    boolean closed() {
        return closed;
    }
}
