package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Horizontal sums in a fixed order. {@code reduceLanes(ADD)} leaves the order of its additions
 * unspecified, and in practice the interpreter and the compiled code differ, so the same call
 * would give results one rounding apart depending on how warm the JIT is. Folding halves with
 * element-wise additions is fully specified, so a product gives the same bits whenever it runs.
 */
final class Lanes {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorShuffle<Float>[] FOLDS = folds();

    private Lanes() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(S.length());
        VectorShuffle<Float>[] folds = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) {
            int distance = S.length() >> (k + 1);
            folds[k] = VectorShuffle.fromOp(S, i -> i ^ distance);
        }
        return folds;
    }

    /** The sum of the lanes of {@code v}, always added in the same order. */
    static float sum(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLDS) {
            v = v.add(v.rearrange(fold));
        }
        return v.lane(0);
    }
}
