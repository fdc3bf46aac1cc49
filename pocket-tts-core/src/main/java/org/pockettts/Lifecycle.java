package org.pockettts;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one generation: running, then once and for all ended, failed (with its cause) or
 * cancelled. Any thread may end it (the FlowLM thread, the Mimi thread, the listener, or a thread
 * that closes the stream); the first compare-and-set wins and the others change nothing.
 *
 * <p>Every wait of the generation (for room in a queue, for an item, for a frame) is on the one
 * condition of this object, and every change of state wakes them all: a terminal state is not a
 * message that could be lost in a full queue, so no thread can wait for ever once it is reached.
 * Setting a terminal state allocates nothing, so that even an {@link OutOfMemoryError} is recorded.
 */
final class Lifecycle {

    private static final Object RUNNING = new Object();
    private static final Object ENDED = new Object();
    private static final Object CANCELLED = new Object();

    /** {@link #RUNNING}, {@link #ENDED}, {@link #CANCELLED}, or the {@link Throwable} that made it fail. */
    private final AtomicReference<Object> state = new AtomicReference<>(RUNNING);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Ends the generation normally; false when it had already ended otherwise. */
    boolean end() {
        return finish(ENDED);
    }

    /** Ends the generation with a failure; false when it had already ended. */
    boolean fail(Throwable cause) {
        return finish(cause);
    }

    /** Stops the generation; false when it had already ended. */
    boolean cancel() {
        return finish(CANCELLED);
    }

    private boolean finish(Object terminal) {
        if (!state.compareAndSet(RUNNING, terminal)) {
            return false;
        }
        signalAll();
        return true;
    }

    boolean isRunning() {
        return state.get() == RUNNING;
    }

    boolean isCancelled() {
        return state.get() == CANCELLED;
    }

    /** The cause of the failure, or null when the generation has not failed. */
    Throwable failure() {
        return state.get() instanceof Throwable t ? t : null;
    }

    /**
     * The cancellation check of the generation's loops.
     *
     * @throws CancellationException once the generation is no longer running
     */
    void check() {
        if (state.get() != RUNNING) {
            throw new CancellationException("the generation has stopped");
        }
    }

    /** The lock guarding the generation's queues; {@link #await} and {@link #signalAll} need it held. */
    ReentrantLock lock() {
        return lock;
    }

    /** Waits (the lock held) until something changes: a queue moved or the state was set. */
    void await() throws InterruptedException {
        changed.await();
    }

    /** As {@link #await}, for at most {@code nanos}; returns the time left. */
    long await(long nanos) throws InterruptedException {
        return changed.awaitNanos(nanos);
    }

    /** Waits without giving way to interrupts: for the generation's own threads, which stop by state, not interrupt. */
    void awaitUninterruptibly() {
        changed.awaitUninterruptibly();
    }

    /** Wakes every waiter. */
    void signalAll() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
