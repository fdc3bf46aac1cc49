package org.pockettts.kernels;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A few persistent threads that help with large products, so that splitting a product across the
 * cores costs an atomic increment per part instead of a thread start.
 *
 * <p>Submitters publish a {@link ParallelTask} on a small board, wake parked workers, and work on
 * the task themselves; workers take parts of any published task. A worker that finds nothing spins
 * briefly (products come in bursts) and then parks, so idle workers cost no CPU. With several
 * generations at once, their threads already keep the cores busy: workers then rarely find a free
 * core and the submitters do their own parts, which keeps oversubscription to the few pool threads.
 *
 * <p>The shared pool has {@code threads − 1} workers (the submitter is the other thread); its size
 * is {@code -Dpockettts.threads}, or the number of available processors.
 */
public final class WorkerPool {

    private static final int BOARD = 64;
    private static final long SPIN_NANOS = 50_000;
    private static volatile WorkerPool shared;
    /** Threads that keep a core busy on their own, across all pools. */
    private static final java.util.concurrent.atomic.AtomicInteger BUSY = new java.util.concurrent.atomic.AtomicInteger();

    private final int threads;
    private final AtomicReferenceArray<ParallelTask> board = new AtomicReferenceArray<>(BOARD);
    private final Worker[] workers;
    private volatile boolean running = true;

    /** A pool of {@code threads} threads in all: {@code threads − 1} workers plus each submitter. */
    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
            workers[i].thread.start();
        }
    }

    /** The pool the kernels use. */
    public static WorkerPool shared() {
        WorkerPool p = shared;
        if (p == null) {
            synchronized (WorkerPool.class) {
                if (shared == null) {
                    shared = new WorkerPool(defaultThreads());
                }
                p = shared;
            }
        }
        return p;
    }

    /** Replaces the shared pool by one of {@code threads} threads; the old one's workers stop. */
    public static synchronized void configure(int threads) {
        WorkerPool old = shared;
        if (old != null && old.threads == threads) {
            return;
        }
        shared = new WorkerPool(threads);
        if (old != null) {
            old.shutdown();
        }
    }

    private static int defaultThreads() {
        String value = System.getProperty("pockettts.threads");
        if (value != null) {
            try {
                return Math.max(1, Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pockettts.threads must be a number, got " + value, e);
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Marks the calling thread as one that keeps a core busy on its own for a while (a
     * generation's FlowLM thread, or its Mimi thread while latents are waiting). Products are
     * split across the pool only while fewer such threads than {@link #threads()} run: when the
     * generations already occupy the cores, splitting would only add contention. Pair with
     * {@link #idle()}.
     */
    public static void busy() {
        BUSY.incrementAndGet();
    }

    /** Ends a {@link #busy()} period of the calling thread. */
    public static void idle() {
        BUSY.decrementAndGet();
    }

    /** Threads currently marked {@link #busy()}. */
    public static int busyThreads() {
        return BUSY.get();
    }

    /** Threads that may work on one task: the workers and the submitter. */
    public int threads() {
        return threads;
    }

    /**
     * Runs all {@code parts} parts of {@code task}, on this thread and on idle workers, and returns
     * when all are done. A failure of any part is rethrown here.
     */
    public void run(ParallelTask task, int parts) {
        task.open(parts);
        int slot = parts > 1 && running ? publish(task) : -1;
        if (slot >= 0) {
            wake(parts - 1);
        }
        task.help();
        if (slot >= 0) {
            board.set(slot, null);
        }
        task.finish();
    }

    private int publish(ParallelTask task) {
        int start = (int) (Thread.currentThread().threadId() % BOARD);
        for (int i = 0; i < BOARD; i++) {
            int s = (start + i) % BOARD;
            if (board.get(s) == null && board.compareAndSet(s, null, task)) {
                return s;
            }
        }
        return -1;
    }

    private void wake(int wanted) {
        for (int i = 0; i < workers.length && wanted > 0; i++) {
            Worker w = workers[i];
            if (w.parked) {
                w.parked = false;
                LockSupport.unpark(w.thread);
                wanted--;
            } else if (!w.busy) {
                wanted--;
            }
        }
    }

    private ParallelTask find() {
        for (int s = 0; s < BOARD; s++) {
            ParallelTask t = board.get(s);
            if (t != null && t.hasWork()) {
                return t;
            }
        }
        return null;
    }

    /** Stops the workers once they are idle. */
    public void shutdown() {
        running = false;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    private final class Worker implements Runnable {
        final Thread thread;
        volatile boolean parked;
        volatile boolean busy;

        Worker(int index) {
            thread = Thread.ofPlatform().name("pocket-tts-kernel-" + index).daemon().unstarted(this);
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (running) {
                ParallelTask t = find();
                if (t != null) {
                    busy = true;
                    t.help();
                    busy = false;
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    // A task published after the flag was raised wakes us; one published before is seen here.
                    if (find() == null && running) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
