package org.pockettts.nn;

import org.pockettts.api.InvalidInputException;
import org.pockettts.kernels.Kernels;

/**
 * The keys and values one attention layer has seen: per position, {@code heads × headDim} keys and
 * as many values.
 *
 * <p>With a bounded attention context (Mimi) it is a ring buffer that keeps just enough positions
 * for the next call; without one (FlowLM) it keeps everything, growing on demand up to a hard limit.
 * Positions are absolute. A cache may {@linkplain #branch continue another}, whose positions it then
 * reads in place instead of copying them: every generation from a voice reads the voice's prompt
 * that way, so that the voice's positions are held once however many generations use it. The
 * positions of its own, from {@code base} (the other's length) on, live in its slots: position
 * {@code p} in slot {@code (p − base) mod capacity}.
 *
 * <p>The layout is the one the attention kernels read ({@link Kernels#scores}). Keys are stored per
 * head in blocks of {@link #BLOCK} slots (two vectors: 16 at 256 bits), transposed within a block:
 * for each dimension, the block's values side by side. Scores of a query against a block are then
 * two vectors of a multiply-add per dimension, with no horizontal sums, reading one contiguous run
 * (4 KB for head size 64 at 256 bits) — a layout transposed across all slots would read 64 separate
 * streams instead. Values are stored per head, one contiguous {@code headDim} row per slot, so that
 * the weighted sum walks them in order.
 */
final class KvCache {

    /** Slots per key block. */
    static final int BLOCK = Kernels.KEY_BLOCK;

    private final int heads;
    private final int headDim;
    private final int context;
    private final int limit;
    /** The cache whose positions {@code [0, base)} this one continues, read in place; or null. */
    private final KvCache prefix;
    /** The first position held in this cache's own slots. */
    private final long base;
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
        this(heads, headDim, context, limit, null, 0);
    }

    private KvCache(int heads, int headDim, int context, int limit, KvCache prefix, long base) {
        this.heads = heads;
        this.headDim = headDim;
        this.context = context;
        this.limit = limit;
        this.prefix = prefix;
        this.base = base;
        this.end = base;
        this.padding = prefix == null ? 0 : prefix.padding;
        this.capacity = 0;
        this.keys = new float[0];
        this.values = new float[0];
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
        if (end - base > capacity) {
            throw new IllegalStateException("a ring buffer keeps only its last " + capacity + " positions");
        }
        int n = (int) end;
        int row = heads * headDim;
        float[] out = new float[2 * n * row];
        for (int p = 0; p < n; p++) {
            KvCache holder = this;
            while (p < holder.base) {
                holder = holder.prefix;
            }
            int s = holder.slot(p);
            for (int h = 0; h < heads; h++) {
                int k = holder.keyBase(h) + (s / BLOCK) * headDim * BLOCK + s % BLOCK;
                for (int d = 0; d < headDim; d++) {
                    out[p * row + h * headDim + d] = holder.keys[k + d * BLOCK];
                }
                System.arraycopy(holder.values, holder.valueOffset(h, s), out, (n + p) * row + h * headDim, headDim);
            }
        }
        return out;
    }

    /** Leading positions that are padding. */
    long padding() {
        return padding;
    }

    /**
     * A cache that continues this one: it reads this cache's positions in place, so this cache must
     * not change any more (a voice's prompted state never does), and holds the positions that follow
     * in slots of its own, with room for {@code more} of them at once (within the limit). Only for
     * caches that keep all their positions.
     */
    KvCache branch(int more) {
        if (context != Integer.MAX_VALUE) {
            throw new IllegalStateException("only a cache that keeps all its positions can be continued");
        }
        KvCache next = new KvCache(heads, headDim, context, limit, this, end);
        next.ensureCapacity(end + more);
        return next;
    }

    /** Positions written so far, those of the cache it continues included. */
    long length() {
        return end;
    }

    /** Bytes held by the keys and values of this cache's own slots. */
    long sizeInBytes() {
        return 4L * (keys.length + values.length);
    }

    /** The attention context, {@link Integer#MAX_VALUE} when unbounded. */
    int context() {
        return context;
    }

    /** Makes room for {@code count} more positions while keeping all those the new queries may attend to. */
    void reserve(int count) {
        long own = end - base;
        boolean unbounded = context == Integer.MAX_VALUE;
        long needed = unbounded ? own + count : Math.min(own + count, (long) count + context - 1);
        if ((unbounded ? end + count : needed) > limit) {
            throw new InvalidInputException("The text is too long for the model's context: it needs " + (end + count)
                    + " positions but a chunk may use at most " + limit + ". Split the text into shorter sentences.");
        }
        if (needed <= capacity) {
            return;
        }
        // A bounded ring goes straight to the size a call of this many rows needs (it never needs
        // more); an unbounded cache doubles.
        long target = unbounded ? Math.max(needed, (long) capacity * 2) : (long) count + context - 1;
        grow((int) Math.min(limit - base, Math.max(needed, target)));
    }

    /**
     * Grows an unbounded cache at once to hold {@code positions} positions in all (at most its
     * limit), so that a generation of known length does not regrow and copy it as it goes.
     */
    void ensureCapacity(long positions) {
        long own = Math.min(limit, positions) - base;
        if (context != Integer.MAX_VALUE || own <= capacity) {
            return;
        }
        grow((int) own);
    }

    private void grow(int grown) {
        float[] k = new float[heads * blocks(grown) * headDim * BLOCK];
        float[] v = new float[heads * grown * headDim];
        for (long p = Math.max(base, end - capacity); p < end; p++) {
            int from = (int) ((p - base) % capacity);
            int to = (int) ((p - base) % grown);
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
        return Math.max(padding, prefix != null ? 0 : end - capacity);
    }

    /** Stores the key and value rows ({@code heads × headDim} each) of the next position. */
    void append(float[] k, int kOff, float[] v, int vOff) {
        int s = slot(end);
        for (int h = 0; h < heads; h++) {
            int b = keyIndex(h, s, 0, capacity);
            for (int d = 0; d < headDim; d++) {
                keys[b + d * BLOCK] = k[kOff + h * headDim + d];
            }
            System.arraycopy(v, vOff + h * headDim, values, (h * capacity + s) * headDim, headDim);
        }
        end++;
    }

    /**
     * Attention scores of the query at {@code q[qOff …]} against head {@code h}'s keys of positions
     * {@code [lo, lo + n)} (all held), into {@code out[outOff …]}: those of the cache this one
     * continues, then its own, which are one run of slots or two when they wrap around the ring.
     */
    void scores(Kernels k, float[] q, int qOff, int h, long lo, int n, float scale, float[] out, int outOff) {
        int done = 0;
        if (lo < base) {
            done = (int) Math.min(n, base - lo);
            prefix.scores(k, q, qOff, h, lo, done, scale, out, outOff);
        }
        if (done < n) {
            int s0 = slot(lo + done);
            int run = Math.min(n - done, capacity - s0);
            k.scores(q, qOff, keys, keyBase(h), s0, run, headDim, scale, out, outOff + done);
            k.scores(q, qOff, keys, keyBase(h), 0, n - done - run, headDim, scale, out, outOff + done + run);
        }
    }

    /**
     * Adds to {@code out[oOff …]} head {@code h}'s values of positions {@code [lo, lo + n)} weighted
     * by {@code p[pOff …]}, in the order of the positions.
     */
    void weightedSum(Kernels k, float[] p, int pOff, int h, long lo, int n, float[] out, int oOff) {
        int done = 0;
        if (lo < base) {
            done = (int) Math.min(n, base - lo);
            prefix.weightedSum(k, p, pOff, h, lo, done, out, oOff);
        }
        if (done < n) {
            int s0 = slot(lo + done);
            int run = Math.min(n - done, capacity - s0);
            k.weightedSum(p, pOff + done, values, valueOffset(h, s0), headDim, run, headDim, out, oOff);
            k.weightedSum(p, pOff + done + run, values, valueOffset(h, 0), headDim, n - done - run, headDim, out,
                    oOff);
        }
    }

    /** Slots of this cache's own ring buffer. */
    int capacity() {
        return capacity;
    }

    /** Slot of position {@code p}, one of this cache's own. */
    int slot(long p) {
        return (int) ((p - base) % capacity);
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
