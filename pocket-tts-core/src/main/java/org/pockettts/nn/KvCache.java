package org.pockettts.nn;

import org.pockettts.api.InvalidInputException;

/**
 * The keys and values one attention layer has seen: per position, {@code heads × headDim} keys and
 * as many values.
 *
 * <p>With a bounded attention context (Mimi) it is a ring buffer that keeps just enough positions
 * for the next call; without one (FlowLM) it keeps everything, growing on demand up to a hard limit.
 * Positions are absolute: position {@code p} lives in slot {@code p mod capacity}.
 *
 * <p>The layout is the one the attention kernels read ({@link org.pockettts.kernels.Kernels#scores}).
 * Keys are stored per head in blocks of {@link #BLOCK} slots (two vectors: 16 at 256 bits), transposed
 * within a block: for each dimension, the block's values side by side. Scores of a query against a
 * block are then two vectors of a multiply-add per dimension, with no horizontal sums, reading one
 * contiguous run (4 KB for head size 64 at 256 bits) — a layout transposed across all slots would
 * read 64 separate streams instead.
 * Values are stored per head, one contiguous {@code headDim} row per slot, so that the weighted
 * sum walks them in order.
 */
final class KvCache {

    /** Slots per key block. */
    static final int BLOCK = org.pockettts.kernels.Kernels.KEY_BLOCK;

    private final int heads;
    private final int headDim;
    private final int context;
    private final int limit;
    private float[] keys;
    private float[] values;
    private int capacity;
    private long end;
    /** Positions below this are padding: kept, but never attended to (a model state's {@code pad}). */
    private long padding;

    /**
     * @param heads attention heads
     * @param headDim values per head
     * @param context how many past positions a query may see, including its own; {@link Integer#MAX_VALUE} for all
     * @param limit the most positions this cache may ever hold; more is an {@link InvalidInputException}
     */
    KvCache(int heads, int headDim, int context, int limit) {
        this.heads = heads;
        this.headDim = headDim;
        this.context = context;
        this.limit = limit;
        this.capacity = 0;
        this.keys = new float[0];
        this.values = new float[0];
    }

    /** A copy of {@code other} with {@code capacity} slots (at least as many as it holds positions). */
    private KvCache(KvCache other, int capacity) {
        this.heads = other.heads;
        this.headDim = other.headDim;
        this.context = other.context;
        this.limit = other.limit;
        this.end = other.end;
        this.padding = other.padding;
        if (capacity == other.capacity) {
            this.capacity = capacity;
            this.keys = other.keys.clone();
            this.values = other.values.clone();
        } else {
            this.keys = other.keys;
            this.values = other.values;
            this.capacity = other.capacity;
            grow(capacity);
        }
    }

    /**
     * A cache holding {@code positions} positions given densely, as model-state files store them:
     * {@code kv} is [2, positions, heads, headDim], keys (with their rotary embedding applied) then
     * values. The first {@code padding} positions are padding, never attended to.
     */
    static KvCache restore(int heads, int headDim, int limit, float[] kv, int positions, int padding) {
        KvCache cache = new KvCache(heads, headDim, Integer.MAX_VALUE, limit);
        if (positions > limit) {
            throw new InvalidInputException("A model state of " + positions + " positions does not fit a cache of "
                    + limit);
        }
        cache.ensureCapacity(positions);
        int row = heads * headDim;
        for (int p = 0; p < positions; p++) {
            cache.append(kv, p * row, kv, (positions + p) * row);
        }
        cache.padding = padding;
        return cache;
    }

    /**
     * Every position held, densely: [2, positions, heads, headDim], keys then values, as
     * {@link #restore} takes them. For caches that keep all their positions (unbounded context).
     */
    float[] dense() {
        if (end > capacity) {
            throw new IllegalStateException("a ring buffer keeps only its last " + capacity + " positions");
        }
        int n = (int) end;
        int row = heads * headDim;
        float[] out = new float[2 * n * row];
        for (int p = 0; p < n; p++) {
            int s = slot(p, capacity);
            for (int h = 0; h < heads; h++) {
                int base = keyIndex(h, s, 0, capacity);
                for (int d = 0; d < headDim; d++) {
                    out[p * row + h * headDim + d] = keys[base + d * BLOCK];
                }
                System.arraycopy(values, (h * capacity + s) * headDim, out, (n + p) * row + h * headDim, headDim);
            }
        }
        return out;
    }

    /** Leading positions that are padding. */
    long padding() {
        return padding;
    }

    /**
     * An independent copy with room for {@code more} positions after those held (for an unbounded
     * cache, within its limit; a ring buffer is copied as it is): generation from a shared voice
     * state works on copies, each made once at the size its chunk needs.
     */
    KvCache copy(int more) {
        if (context != Integer.MAX_VALUE) {
            return new KvCache(this, capacity);
        }
        return new KvCache(this, (int) Math.max(end, Math.min(limit, end + (long) more)));
    }

    /** Positions written so far. */
    long length() {
        return end;
    }

    /** Bytes held by the keys and values. */
    long sizeInBytes() {
        return 4L * (keys.length + values.length);
    }

    /** The attention context, {@link Integer#MAX_VALUE} when unbounded. */
    int context() {
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
        // A bounded ring goes straight to the size a call of this many rows needs (it never needs
        // more); an unbounded cache doubles.
        long target = context == Integer.MAX_VALUE ? Math.max(needed, (long) capacity * 2) : (long) count + context - 1;
        grow((int) Math.min(limit, Math.max(needed, target)));
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
        if (grown > capacity) {
            grow(grown);
        }
    }

    private void grow(int grown) {
        float[] k = new float[heads * blocks(grown) * headDim * BLOCK];
        float[] v = new float[heads * grown * headDim];
        for (long p = Math.max(0, end - capacity); p < end; p++) {
            int from = slot(p, capacity);
            int to = slot(p, grown);
            for (int h = 0; h < heads; h++) {
                for (int d = 0; d < headDim; d++) {
                    k[keyIndex(h, to, d, grown)] = keys[keyIndex(h, from, d, capacity)];
                }
                System.arraycopy(values, (h * capacity + from) * headDim, v, (h * grown + to) * headDim, headDim);
            }
        }
        keys = k;
        values = v;
        capacity = grown;
    }

    private static int blocks(int capacity) {
        return (capacity + BLOCK - 1) / BLOCK;
    }

    private int keyIndex(int h, int slot, int d, int cap) {
        return ((h * blocks(cap) + slot / BLOCK) * headDim + d) * BLOCK + slot % BLOCK;
    }

    /** The oldest position still held that is not padding: the first a query may attend to. */
    long first() {
        return Math.max(padding, end - capacity);
    }

    private static int slot(long position, int capacity) {
        return (int) (position % capacity);
    }

    /** Stores the key and value rows ({@code heads × headDim} each) of the next position. */
    void append(float[] k, int kOff, float[] v, int vOff) {
        int s = slot(end, capacity);
        for (int h = 0; h < heads; h++) {
            int base = keyIndex(h, s, 0, capacity);
            for (int d = 0; d < headDim; d++) {
                keys[base + d * BLOCK] = k[kOff + h * headDim + d];
            }
            System.arraycopy(v, vOff + h * headDim, values, (h * capacity + s) * headDim, headDim);
        }
        end++;
    }

    /** Slots of the ring buffer: position {@code p} is in slot {@code p mod capacity}. */
    int capacity() {
        return capacity;
    }

    /** Slot of position {@code p}. */
    int slot(long p) {
        return slot(p, capacity);
    }

    /** Offset in {@link #keys()} of head {@code h}'s blocks. */
    int keyBase(int h) {
        return h * blocks(capacity) * headDim * BLOCK;
    }

    /** Offset in {@link #values()} of head {@code h}, slot {@code s}. */
    int valueOffset(int h, int s) {
        return (h * capacity + s) * headDim;
    }

    float[] keys() {
        return keys;
    }

    float[] values() {
        return values;
    }
}
