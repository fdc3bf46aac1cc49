package org.pockettts.audio;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Where a {@link WavWriter} puts its bytes: the header handling is what differs between targets. */
interface PcmSink {

    /** Appends sample bytes. */
    void write(byte[] bytes, int off, int len) throws IOException;

    /** Sends what was written so far on its way; a stream's listener hears it now. */
    default void flush() throws IOException {
    }

    /** Completes the output once all {@code dataBytes} sample bytes have been written. */
    void finish(long dataBytes) throws IOException;

    /** Gives up, leaving as little behind as the target allows; never throws. */
    void abort();

    /** The largest data size this target can hold. */
    long maxDataBytes();

    /** The reason of an I/O failure in words, without the path that Java's messages repeat. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
