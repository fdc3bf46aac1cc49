package org.pockettts.nn;

/**
 * A working array of a streaming state, reused from call to call: it grows to the largest size
 * asked of it and then stays, so that steady-state streaming allocates nothing. Its contents are
 * unspecified when handed out. Not thread-safe, like the state holding it.
 */
public final class Buffer {

    private static final float[] EMPTY = new float[0];

    private float[] data = EMPTY;

    /** The array, at least {@code size} long. */
    public float[] get(int size) {
        if (data.length < size) {
            data = new float[size];
        }
        return data;
    }
}
