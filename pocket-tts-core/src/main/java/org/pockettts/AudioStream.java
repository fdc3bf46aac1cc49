package org.pockettts;

import java.lang.ref.Cleaner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.pockettts.api.PocketTtsException;

/**
 * Speech being generated, delivered frame by frame (1920 samples, 80 ms at 24 kHz, as floats in
 * [−1, 1]) as soon as each is decoded. Generation runs on two background threads, one for FlowLM
 * and one for Mimi, so the first frames arrive long before the end; it stays at most a few frames
 * ahead of the listener, waiting while frames are not taken.
 *
 * <p>{@link #hasNext()} blocks until the next frame is ready or the generation is over; a failure
 * during generation (a limit such as {@link GenerationOptions#maxAudioSeconds()}, or an error such
 * as running out of memory) surfaces there as a {@link PocketTtsException}, after the frames made
 * before it. {@link #close()} stops the generation within one frame, e.g. when the listener went
 * away; it may be called from any thread, and then {@code hasNext()} returns false. Use
 * try-with-resources. (A stream dropped without being closed is stopped once the garbage collector
 * finds it unreachable, but closing it frees the threads at once.)
 *
 * <p>The frames are taken by one thread (the iterator is not thread-safe); {@link #close()},
 * {@link #isCancelled()} and {@link #stats()} may be called from any.
 */
public final class AudioStream implements Iterator<float[]>, AutoCloseable {

    /** Largest number of samples {@link #readAll()} can return in one array. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Stops the generations of streams dropped without {@link #close()}: their threads would wait for ever. */
    private static final Cleaner DROPPED = Cleaner.create();

    private final Handoff<float[]> frames;
    private final Generation generation;
    /** The listener's own view; only the listener's thread reads or writes these. */
    private float[] pending;
    private boolean finished;

    AudioStream(Handoff<float[]> frames, Generation generation) {
        this.frames = frames;
        this.generation = generation;
        DROPPED.register(this, generation::cancel);
    }

    /**
     * Waits for the next frame or the end of the generation.
     *
     * @throws PocketTtsException when the generation failed (after the frames made before the
     *     failure), or when the waiting thread is interrupted (the generation is then stopped and
     *     the thread's interrupt status kept)
     */
    @Override
    public boolean hasNext() {
        return waitForFrame(-1);
    }

    /** Waits up to {@code nanos} (for ever when negative); false when no frame came in time or none will. */
    private boolean waitForFrame(long nanos) {
        if (finished) {
            return false;
        }
        if (generation.isCancelled()) {
            // Closed, perhaps from another thread: what was queued is not wanted any more.
            pending = null;
            finished = true;
            return false;
        }
        if (pending != null) {
            return true;
        }
        try {
            pending = frames.takeOrEnd(nanos);
            if (pending == null && !generation.isRunning()) {
                // The end came while waiting: frames queued just before it are still due.
                pending = frames.takeOrEnd(0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            finished = true;
            throw new PocketTtsException("Interrupted while waiting for audio", e);
        }
        if (pending != null) {
            return true;
        }
        if (generation.isRunning()) {
            return false;
        }
        finished = true;
        Throwable failure = generation.failure();
        if (failure != null) {
            throw failure instanceof PocketTtsException p ? p : failed(failure);
        }
        return false;
    }

    /** The listener's exception for a failure that is not one of the engine's own (which are thrown as they are). */
    private static PocketTtsException failed(Throwable cause) {
        String what = switch (cause) {
            case OutOfMemoryError e -> "Generation ran out of memory";
            case StackOverflowError e -> "Generation ran out of stack space";
            default -> "Generation failed unexpectedly" + (cause.getMessage() != null ? ": " + cause.getMessage() : "");
        };
        return new PocketTtsException(what, cause);
    }

    @Override
    public float[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        float[] samples = pending;
        pending = null;
        return samples;
    }

    /**
     * Waits up to {@code timeout} for the next frame: the frame, or null when none came in time.
     * Throws {@link NoSuchElementException} at the end of the stream, and a failure as
     * {@link #hasNext()} does.
     */
    public float[] poll(long timeout, TimeUnit unit) {
        if (!waitForFrame(Math.max(0, unit.toNanos(timeout)))) {
            if (finished) {
                throw new NoSuchElementException();
            }
            return null;
        }
        return next();
    }

    /** Collects all remaining frames into one array. */
    public float[] readAll() {
        float[][] parts = new float[16][];
        int count = 0;
        long total = 0;
        while (hasNext()) {
            float[] f = next();
            if (count == parts.length) {
                parts = java.util.Arrays.copyOf(parts, count * 2);
            }
            parts[count++] = f;
            total += f.length;
            if (total > MAX_ARRAY) {
                close();
                throw new PocketTtsException("The audio is too long to be held in one array (" + total
                        + " samples); stream it frame by frame instead");
            }
        }
        float[] all = new float[(int) total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(parts[i], 0, all, at, parts[i].length);
            at += parts[i].length;
        }
        return all;
    }

    /** Counters and timings of this generation so far. */
    public GenerationStats stats() {
        return generation.stats();
    }

    /** Whether the generation has been stopped by {@link #close()} before it ended. */
    public boolean isCancelled() {
        return generation.isCancelled();
    }

    /** Stops the generation (if still running) and releases its threads; safe from any thread. */
    @Override
    public void close() {
        generation.cancel();
    }

    /** Waits up to {@code millis} for the generation's threads to finish; whether they did. For tests. */
    boolean awaitThreads(long millis) throws InterruptedException {
        return generation.awaitThreads(millis);
    }

    /** Whether both of the generation's threads wait for room in their full output queues. For tests. */
    boolean blockedOnFullQueues() {
        return generation.blockedOnFullQueues();
    }

    /** As an {@link Iterable} for for-each loops (single use). */
    public Iterable<float[]> frames() {
        return () -> this;
    }
}
