package org.pockettts.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission of generations: at most {@code maxConcurrent} run at once, at most {@code maxQueue}
 * more wait for their turn, first come first served; anyone beyond is turned away at once with a
 * 503, since waiting longer than a queue's worth of generations is worse than retrying later.
 * Waiting blocks the request's (virtual) thread.
 */
final class GenerationSlots {

    /** A granted slot; closing it (once or more) lets the next waiter in. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    private static final class Ticket {
        boolean granted;
    }

    private final int maxConcurrent;
    private final int maxQueue;
    private final int retryAfterSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private int running;
    private boolean closed;

    GenerationSlots(int maxConcurrent, int maxQueue, int retryAfterSeconds) {
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * A slot, waiting in the queue if all are taken.
     *
     * @throws ApiException 503 when the queue is full or the server is stopping
     */
    Slot acquire() throws InterruptedException {
        Ticket ticket;
        lock.lock();
        try {
            if (closed) {
                throw stopping();
            }
            if (running < maxConcurrent && waiting.isEmpty()) {
                running++;
                return slot();
            }
            if (waiting.size() >= maxQueue) {
                throw ApiException.unavailable("The server is busy: " + running + " generations are running and "
                        + waiting.size() + " requests are waiting; try again later", retryAfterSeconds);
            }
            ticket = new Ticket();
            waiting.addLast(ticket);
            try {
                while (!ticket.granted && !closed) {
                    changed.await();
                }
            } catch (InterruptedException e) {
                abandon(ticket);
                throw e;
            }
            if (!ticket.granted) {
                waiting.remove(ticket);
                throw stopping();
            }
            return slot();
        } finally {
            lock.unlock();
        }
    }

    /** A waiter that gives up hands on a slot it was granted meanwhile. Called with the lock held. */
    private void abandon(Ticket ticket) {
        if (ticket.granted) {
            release();
        } else {
            waiting.remove(ticket);
        }
    }

    private Slot slot() {
        return new Slot() {
            private boolean released;

            @Override
            public void close() {
                lock.lock();
                try {
                    if (!released) {
                        released = true;
                        release();
                    }
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /** Frees a slot: the first waiter takes it over. Called with the lock held. */
    private void release() {
        running--;
        Ticket next = waiting.pollFirst();
        if (next != null) {
            next.granted = true;
            running++;
        }
        changed.signalAll();
    }

    /** Waits until no generation runs, or {@code nanos} have passed; returns whether none runs. */
    boolean awaitIdle(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (running > 0 && left > 0) {
                left = changed.awaitNanos(left);
            }
            return running == 0;
        } finally {
            lock.unlock();
        }
    }

    /** Turns every waiter and every later request away: the server is stopping. Running slots stay. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private ApiException stopping() {
        return ApiException.unavailable("The server is shutting down", retryAfterSeconds);
    }

    /** Generations running now. */
    int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting for a slot now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    int maxQueue() {
        return maxQueue;
    }
}
