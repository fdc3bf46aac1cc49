package org.pockettts.nn;

import java.util.concurrent.CancellationException;

/**
 * Asked by every loop that can run long (prompting over many rows, the flow steps of a frame, the
 * noise redraws, encoding a voice) whether its work is still wanted, so that a stopped generation or
 * an interrupted caller frees its thread within a fraction of a frame.
 */
@FunctionalInterface
public interface Cancellation {

    /** Work that is never stopped. */
    Cancellation NEVER = () -> {
    };

    /** Work of the calling thread, stopped when the thread is interrupted (its interrupt status is kept). */
    Cancellation ON_INTERRUPT = () -> {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted");
        }
    };

    /**
     * Returns when the work may go on.
     *
     * @throws CancellationException when it must stop
     */
    void check();
}
