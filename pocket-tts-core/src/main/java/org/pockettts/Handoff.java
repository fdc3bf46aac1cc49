package org.pockettts;

import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;

/**
 * A bounded queue between two threads of one generation (FlowLM to Mimi, Mimi to the listener)
 * whose waits end when the generation does. A producer waits while it is full: that is the
 * back-pressure that keeps a generation from running ahead of a slow listener. The producer closes
 * it when it has nothing more to give, optionally with the failure that stopped it, which the
 * consumer sees after the items put before it.
 *
 * @param <T> the items
 */
final class Handoff<T> {

    private final Lifecycle life;
    private final int capacity;
    private final ArrayDeque<T> items;
    private boolean closed;
    private Throwable closedBy;

    Handoff(Lifecycle life, int capacity) {
        this.life = life;
        this.capacity = capacity;
        this.items = new ArrayDeque<>(capacity);
    }

    /**
     * Adds an item, waiting while the queue is full.
     *
     * @throws CancellationException when the generation stops before there is room
     */
    void put(T item) {
        life.lock().lock();
        try {
            while (items.size() >= capacity && life.isRunning()) {
                life.awaitUninterruptibly();
            }
            life.check();
            items.add(item);
        } finally {
            life.lock().unlock();
        }
        life.signalAll();
    }

    /** Marks the end of the items: {@link #take} returns null once they are consumed. */
    void close() {
        close(null);
    }

    /** Marks the end of the items, stopped by {@code failure}, which {@link #closedBy()} then gives. */
    void close(Throwable failure) {
        life.lock().lock();
        try {
            closed = true;
            closedBy = failure;
        } finally {
            life.lock().unlock();
        }
        life.signalAll();
    }

    /** The failure the queue was closed with, or null. */
    Throwable closedBy() {
        life.lock().lock();
        try {
            return closedBy;
        } finally {
            life.lock().unlock();
        }
    }

    /** The next item without waiting, or null when there is none yet. */
    T poll() {
        life.lock().lock();
        try {
            return take(items.poll());
        } finally {
            life.lock().unlock();
        }
    }

    /**
     * The next item for the generation's own consumer thread, waiting for it: null once the queue is
     * closed and empty.
     *
     * @throws CancellationException when the generation stops first
     */
    T take() {
        life.lock().lock();
        try {
            while (items.isEmpty() && !closed && life.isRunning()) {
                life.awaitUninterruptibly();
            }
            life.check();
            return take(items.poll());
        } finally {
            life.lock().unlock();
        }
    }

    /**
     * The next item for the listener, waiting at most {@code nanos} (forever when negative) for an
     * item or the end of the generation: null when none came in time, when the generation was
     * cancelled, or when it is over and every item has been taken.
     */
    T takeOrEnd(long nanos) throws InterruptedException {
        life.lock().lockInterruptibly();
        try {
            long left = nanos;
            while (items.isEmpty() && life.isRunning()) {
                if (nanos < 0) {
                    life.await();
                } else if (left <= 0) {
                    return null;
                } else {
                    left = life.await(left);
                }
            }
            return life.isCancelled() ? null : take(items.poll());
        } finally {
            life.lock().unlock();
        }
    }

    /** Wakes a producer waiting for room after an item was taken; the lock is held. */
    private T take(T item) {
        if (item != null) {
            life.signalAll();
        }
        return item;
    }
}
