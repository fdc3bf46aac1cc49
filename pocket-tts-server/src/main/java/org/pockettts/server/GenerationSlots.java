package org.pockettts.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission of speech requests. At most {@code maxConcurrent} generations run at once and at most
 * {@code maxQueue} more requests are in the server besides them — reading their body, fetching their
 * voice, or waiting for a slot, first come first served; anyone beyond is turned away at once with a
 * 503, since waiting longer than a queue's worth of generations is worse than retrying later.
 * Counting requests from their arrival (not only once they wait for a slot) bounds the memory that
 * uploads and downloaded voices hold. Waiting blocks the request's (virtual) thread.
 */
final class GenerationSlots {

    /** A request let in; it may then wait for a slot. Closing it (once or more) frees all it holds. */
    interface Admission extends AutoCloseable {
        /**
         * Waits for a generation slot, first come first served.
         *
         * @throws ApiException 503 when the server is stopping
         * @throws InterruptedException when the thread is interrupted while waiting
         */
        void awaitSlot() throws InterruptedException;

        @Override
        void close();
    }

    private final int maxConcurrent;
    private final int maxQueue;
    private final int retryAfterSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Ticket> waiting = new ArrayDeque<>();
    private int admitted;
    private int running;
    private boolean closed;

    GenerationSlots(int maxConcurrent, int maxQueue, int retryAfterSeconds) {
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /**
     * Lets a request in.
     *
     * @throws ApiException 503 when the server is full or stopping
     */
    Admission admit() {
        lock.lock();
        try {
            if (closed) {
                throw stopping();
            }
            if (admitted >= maxConcurrent + maxQueue) {
                throw ApiException.unavailable("The server is busy: " + running + " generations are running and "
                        + (admitted - running) + " requests are waiting; try again later", retryAfterSeconds);
            }
            admitted++;
            return new Ticket();
        } finally {
            lock.unlock();
        }
    }

    private final class Ticket implements Admission {
        private boolean granted;
        private boolean closedTicket;

        @Override
        public void awaitSlot() throws InterruptedException {
            lock.lock();
            try {
                if (granted || closedTicket) {
                    throw new IllegalStateException("a request waits for one slot, once");
                }
                if (closed) {
                    throw stopping();
                }
                if (running < maxConcurrent && waiting.isEmpty()) {
                    running++;
                    granted = true;
                    return;
                }
                waiting.addLast(this);
                try {
                    while (!granted && !closed) {
                        changed.await();
                    }
                } finally {
                    if (!granted) {
                        waiting.remove(this);
                    }
                }
                if (!granted) {
                    throw stopping();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closedTicket) {
                    return;
                }
                closedTicket = true;
                admitted--;
                if (granted) {
                    release();
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
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

    /** Requests in the server that do not generate yet: reading their body, fetching a voice, or waiting. */
    int waiting() {
        lock.lock();
        try {
            return admitted - running;
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
