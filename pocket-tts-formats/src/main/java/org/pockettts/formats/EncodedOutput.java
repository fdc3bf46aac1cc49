package org.pockettts.formats;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The caller's stream as the encoders see it: it remembers whether bytes went out since the last
 * flush, so that each write flushes exactly when the codec produced something (an HTTP response
 * then sends a chunk per encoded frame, and no empty ones). The encoders never close it: the caller's
 * stream stays the caller's.
 */
final class EncodedOutput extends FilterOutputStream {

    private boolean unflushed;

    EncodedOutput(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        unflushed = true;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > 0) {
            out.write(b, off, len);
            unflushed = true;
        }
    }

    /** Flushes if anything was written since the last flush. */
    void flushWritten() throws IOException {
        if (unflushed) {
            out.flush();
            unflushed = false;
        }
    }
}
