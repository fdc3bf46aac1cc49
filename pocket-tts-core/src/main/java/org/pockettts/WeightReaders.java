package org.pockettts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.pockettts.api.PocketTtsException;
import org.pockettts.nn.Cancellation;

/**
 * Who reads a model's weights right now — a voice being prompted, each thread of each generation —
 * so that closing the model stops them first and frees the weights (native memory, the mapped
 * file) only once none reads them.
 *
 * <p>Closing marks the model closed (nothing new may start: {@link IllegalStateException}), fails
 * the running generations with {@link #CLOSED_DURING_GENERATION}, whose threads stop within a frame,
 * stops voice promptings at their next block (see {@link #cancellation()}), and waits for the
 * readers to leave, at most {@link #CLOSE_WAIT_SECONDS}. Should one still read after that, the
 * memory is freed all the same: its next access fails with an {@link IllegalStateException} (the
 * JVM guarantees it for memory of a shared arena), which ends its work as a failure, never a crash.
 */
final class WeightReaders {

    /** How long closing waits for readers to stop; they do within a frame or a block, tens of milliseconds. */
    static final long CLOSE_WAIT_SECONDS = 10;

    /** The failure a generation running when its model is closed ends with. */
    static final String CLOSED_DURING_GENERATION = "The model was closed while this generation was running";

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition left = lock.newCondition();
    private final Set<Generation> generations = new LinkedHashSet<>();
    private int readers;
    private boolean closed;

    /**
     * Counts one more reader.
     *
     * @throws IllegalStateException once the model is closed
     */
    void enter() {
        lock.lock();
        try {
            checkOpen();
            readers++;
        } finally {
            lock.unlock();
        }
    }

    /** A reader is done. */
    void exit() {
        lock.lock();
        try {
            readers--;
            left.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a generation's two threads as readers and keeps it to be stopped when the model closes.
     *
     * @throws IllegalStateException once the model is closed
     */
    void enter(Generation generation) {
        lock.lock();
        try {
            checkOpen();
            readers += 2;
            generations.add(generation);
        } finally {
            lock.unlock();
        }
    }

    /** One thread of {@code generation} is done; after its second, the generation is forgotten. */
    void exit(Generation generation, boolean last) {
        lock.lock();
        try {
            readers--;
            if (last) {
                generations.remove(generation);
            }
            left.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The model is closed");
        }
    }

    /** Whether the model has been closed. */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The question a voice prompting asks between blocks: stopped when its thread is interrupted,
     * or when the model is closed.
     */
    Cancellation cancellation() {
        return () -> {
            Cancellation.ON_INTERRUPT.check();
            if (isClosed()) {
                throw new CancellationException("the model was closed");
            }
        };
    }

    /**
     * Closes: no new reader, the running generations failed, then, once the readers left (or after
     * {@link #CLOSE_WAIT_SECONDS}), {@code free}. Only the first call does anything.
     */
    void close(Runnable free) {
        List<Generation> running;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(generations);
        } finally {
            lock.unlock();
        }
        PocketTtsException failure = new PocketTtsException(CLOSED_DURING_GENERATION);
        for (Generation g : running) {
            g.fail(failure);
        }
        lock.lock();
        try {
            long wait = TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
            while (readers > 0 && wait > 0) {
                wait = left.awaitNanos(wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        free.run();
    }
}
