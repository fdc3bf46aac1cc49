package org.pockettts.nn;

/**
 * Working arrays of one stream, reused from call to call so that steady-state generation makes no
 * garbage: each slot grows to the largest size asked of it and then stays. Not thread-safe; a
 * stream runs on one thread at a time.
 */
public final class Scratch {

    /** The first slot not used by the transformer; models around it number their slots from here. */
    public static final int FIRST_FREE = Slots.FIRST_FREE;

    private float[][] arrays = new float[8][];

    /** Array number {@code slot}, at least {@code size} long; its contents are unspecified. */
    public float[] get(int slot, int size) {
        if (slot >= arrays.length) {
            arrays = java.util.Arrays.copyOf(arrays, Math.max(slot + 1, 2 * arrays.length));
        }
        float[] a = arrays[slot];
        if (a == null || a.length < size) {
            a = new float[size];
            arrays[slot] = a;
        }
        return a;
    }
}
