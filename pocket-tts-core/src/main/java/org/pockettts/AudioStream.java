package org.pockettts;

import org.pockettts.api.PocketTtsException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Speech being generated, delivered frame by frame (1920 samples, 80 ms at 24 kHz, as floats in
 * [−1, 1]) as soon as each is decoded. Generation runs on two background threads, one for FlowLM
 * and one for Mimi, so the first frames arrive long before the end.
 *
 * <p>{@link #hasNext()} blocks until the next frame is ready; a failure during generation surfaces
 * there as a {@link PocketTtsException}. {@link #close()} stops the generation within one frame,
 * e.g. when the listener went away; use try-with-resources.
 */
public final class AudioStream implements Iterator<float[]>, AutoCloseable {

    /** What the decoder thread hands to the consumer. */
    sealed interface Item permits Frame, End, Failure {
    }

    record Frame(float[] samples) implements Item {
    }

    record End() implements Item {
    }

    record Failure(RuntimeException error) implements Item {
    }

    private final BlockingQueue<Item> frames;
    private final Generation generation;
    private Item pending;
    private boolean finished;

    AudioStream(BlockingQueue<Item> frames, Generation generation) {
        this.frames = frames;
        this.generation = generation;
    }

    @Override
    public boolean hasNext() {
        if (finished) {
            return false;
        }
        if (pending == null) {
            try {
                pending = frames.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new PocketTtsException("Interrupted while waiting for audio", e);
            }
        }
        return switch (pending) {
            case Frame f -> true;
            case End e -> {
                finished = true;
                yield false;
            }
            case Failure f -> {
                finished = true;
                generation.cancel();
                throw f.error();
            }
        };
    }

    @Override
    public float[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        float[] samples = ((Frame) pending).samples();
        pending = null;
        return samples;
    }

    /**
     * Waits up to {@code timeout} for the next frame: the frame, or null when none came in time.
     * Throws {@link NoSuchElementException} at the end of the stream.
     */
    public float[] poll(long timeout, TimeUnit unit) throws InterruptedException {
        if (pending == null && !finished) {
            pending = frames.poll(timeout, unit);
            if (pending == null) {
                return null;
            }
        }
        return next();
    }

    /** Collects all remaining frames into one array. */
    public float[] readAll() {
        float[][] parts = new float[16][];
        int count = 0;
        int total = 0;
        while (hasNext()) {
            float[] f = next();
            if (count == parts.length) {
                parts = java.util.Arrays.copyOf(parts, count * 2);
            }
            parts[count++] = f;
            total += f.length;
        }
        float[] all = new float[total];
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

    /** Whether the generation has been stopped by {@link #close()}. */
    public boolean isCancelled() {
        return generation.isCancelled();
    }

    /** Stops the generation (if still running) and releases its threads. */
    @Override
    public void close() {
        finished = true;
        generation.cancel();
    }

    /** As an {@link Iterable} for for-each loops (single use). */
    public Iterable<float[]> frames() {
        return () -> this;
    }
}
