package org.pockettts.nn;

import org.pockettts.InvalidInputException;

/**
 * The keys and values one attention layer has seen, one row of {@code width} values per position.
 *
 * <p>With a bounded attention context (Mimi) it is a ring buffer that keeps just enough positions
 * for the next call; without one (FlowLM) it keeps everything, growing on demand up to a hard limit.
 * Positions are absolute: position {@code p} lives in slot {@code p mod capacity}.
 */
public final class KvCache {

    private final int width;
    private final int context;
    private final int limit;
    private float[] keys;
    private float[] values;
    private int capacity;
    private long end;

    /**
     * @param width values per position (heads × head size)
     * @param context how many past positions a query may see, including its own; {@link Integer#MAX_VALUE} for all
     * @param limit the most positions this cache may ever hold; more is an {@link InvalidInputException}
     */
    public KvCache(int width, int context, int limit) {
        this.width = width;
        this.context = context;
        this.limit = limit;
        this.capacity = 0;
        this.keys = new float[0];
        this.values = new float[0];
    }

    private KvCache(KvCache other) {
        this.width = other.width;
        this.context = other.context;
        this.limit = other.limit;
        this.capacity = other.capacity;
        this.end = other.end;
        this.keys = other.keys.clone();
        this.values = other.values.clone();
    }

    /** An independent copy: generation from a shared voice state works on copies. */
    public KvCache copy() {
        return new KvCache(this);
    }

    /** Positions written so far. */
    public long length() {
        return end;
    }

    /** Bytes held by the keys and values. */
    public long sizeInBytes() {
        return 8L * keys.length;
    }

    /** The attention context, {@link Integer#MAX_VALUE} when unbounded. */
    public int context() {
        return context;
    }

    /** Makes room for {@code count} more positions while keeping all those the new queries may attend to. */
    void reserve(int count) {
        long needed = context == Integer.MAX_VALUE ? end + count : Math.min(end + count, (long) count + context - 1);
        if (needed > limit) {
            throw new InvalidInputException("The text is too long for the model's context: it needs " + (end + count)
                    + " positions but a chunk may use at most " + limit + ". Split the text into shorter sentences.");
        }
        if (needed <= capacity) {
            return;
        }
        int grown = (int) Math.min(limit, Math.max(needed, Math.min((long) capacity * 2, limit)));
        float[] k = new float[grown * width];
        float[] v = new float[grown * width];
        for (long p = first(); p < end; p++) {
            int from = slot(p, capacity);
            int to = slot(p, grown);
            System.arraycopy(keys, from * width, k, to * width, width);
            System.arraycopy(values, from * width, v, to * width, width);
        }
        keys = k;
        values = v;
        capacity = grown;
    }

    /**
     * Grows an unbounded cache at once to hold {@code positions} positions in all (at most its
     * limit), so that a generation of known length does not regrow and copy it as it goes.
     */
    void ensureCapacity(long positions) {
        if (context != Integer.MAX_VALUE || positions <= capacity) {
            return;
        }
        int grown = (int) Math.min(limit, positions);
        if (grown <= capacity) {
            return;
        }
        float[] k = new float[grown * width];
        float[] v = new float[grown * width];
        for (long p = first(); p < end; p++) {
            System.arraycopy(keys, slot(p, capacity) * width, k, slot(p, grown) * width, width);
            System.arraycopy(values, slot(p, capacity) * width, v, slot(p, grown) * width, width);
        }
        keys = k;
        values = v;
        capacity = grown;
    }

    /** The oldest position still held. */
    long first() {
        return Math.max(0, end - capacity);
    }

    private static int slot(long position, int capacity) {
        return (int) (position % capacity);
    }

    /** Stores the key and value rows of the next position. */
    void append(float[] k, int kOff, float[] v, int vOff) {
        int s = slot(end, capacity);
        System.arraycopy(k, kOff, keys, s * width, width);
        System.arraycopy(v, vOff, values, s * width, width);
        end++;
    }

    /** Offset of position {@code p}'s row in {@link #keys()} and {@link #values()}. */
    int offset(long p) {
        return slot(p, capacity) * width;
    }

    /** Slots of the ring buffer: position {@code p} is in slot {@code p mod capacity}. */
    int capacity() {
        return capacity;
    }

    float[] keys() {
        return keys;
    }

    float[] values() {
        return values;
    }
}
