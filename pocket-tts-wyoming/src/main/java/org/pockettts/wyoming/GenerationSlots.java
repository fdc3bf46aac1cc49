package org.pockettts.wyoming;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The generations running at once, shared by every connection: at most {@code size}, the others
 * waiting their turn first come first served. Counts how generations ended, for the log and tests.
 */
final class GenerationSlots {

    private final Semaphore slots;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong stopped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    GenerationSlots(int size) {
        slots = new Semaphore(size, true);
    }

    /** Waits for a slot; release it with {@link #release}. */
    void acquire() throws InterruptedException {
        slots.acquire();
    }

    /** Frees a slot, counting how its generation ended. */
    void release(Outcome outcome) {
        switch (outcome) {
            case COMPLETED -> completed.incrementAndGet();
            case STOPPED -> stopped.incrementAndGet();
            case FAILED -> failed.incrementAndGet();
        }
        slots.release();
    }

    /** How a generation ended. */
    enum Outcome {
        /** All its audio was sent. */
        COMPLETED,
        /** Its client went away (or the server stopped) before the end. */
        STOPPED,
        /** The engine refused the text or failed. */
        FAILED
    }

    WyomingServer.Stats stats(int size) {
        return new WyomingServer.Stats(size - slots.availablePermits(), completed.get(), stopped.get(), failed.get());
    }
}
