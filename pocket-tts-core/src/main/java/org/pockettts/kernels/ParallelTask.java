package org.pockettts.kernels;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work cut into numbered parts that any thread may take: the submitting thread and the idle
 * workers of a {@link WorkerPool} claim parts with one atomic increment each, so a worker that
 * wakes late costs nothing, and a busy pool simply leaves all parts to the submitter.
 *
 * <p>One task object is reused from call to call by its submitting thread, so a steady stream of
 * products makes no garbage. Between runs the part counter stays "closed" (far beyond any part
 * count), so a worker still holding the object from a previous run cannot take a part of the next
 * one before its fields are set.
 */
public abstract class ParallelTask {

    private static final int CLOSED = Integer.MAX_VALUE / 2;

    private final AtomicInteger next = new AtomicInteger(CLOSED);
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int parts;
    private volatile Throwable failure;

    /** Runs part {@code part} of {@link #parts()}. */
    protected abstract void runPart(int part);

    /** Number of parts of the current run. */
    protected final int parts() {
        return parts;
    }

    /** Opens a run of {@code count} parts; fields written before are visible to every taker. */
    final void open(int count) {
        failure = null;
        parts = count;
        pending.set(count);
        next.set(0);
    }

    /** Takes and runs parts until none is left. Returns whether any was run. */
    final boolean help() {
        boolean any = false;
        int p;
        while ((p = next.getAndIncrement()) < parts) {
            any = true;
            try {
                runPart(p);
            } catch (Throwable t) {
                failure = t;
            } finally {
                pending.decrementAndGet();
            }
        }
        return any;
    }

    /** Whether parts remain to be taken. */
    final boolean hasWork() {
        return next.get() < parts;
    }

    /** Waits for parts taken by other threads, closes the run and rethrows a failure of any part. */
    final void finish() {
        next.set(CLOSED);
        int spins = 0;
        while (pending.get() > 0) {
            if (++spins < 1 << 12) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(t);
        }
    }
}
