package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Horizontal sums in a fixed order. {@code reduceLanes(ADD)} leaves the order of its additions
 * unspecified, and the interpreter and the compiled code differ, so the same call would give
 * results one rounding apart depending on how warm the JIT is. Kernels store their accumulators
 * to a small array and add its eight values pairwise here, which is fully specified (and keeps
 * vectors from crossing a method call, see {@link MatmulF32}).
 */
final class Lanes {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    static final int L = 8;

    private Lanes() {
    }

    /** A per-thread array for a few accumulators. */
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[4 * L]);

    static float[] buffer() {
        return BUFFER.get();
    }

    /** The pairwise sum of {@code t[off … off+8)}. */
    static float sum(float[] t, int off) {
        return ((t[off] + t[off + 4]) + (t[off + 2] + t[off + 6])) + ((t[off + 1] + t[off + 5]) + (t[off + 3] + t[off + 7]));
    }
}
