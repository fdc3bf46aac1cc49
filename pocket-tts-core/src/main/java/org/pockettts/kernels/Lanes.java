package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Horizontal sums in a fixed order. {@code reduceLanes(ADD)} leaves the order of its additions
 * unspecified, and in practice the interpreter and the compiled code differ, so the same call
 * would give results one rounding apart depending on how warm the JIT is. Folding halves with
 * element-wise additions is fully specified, so a product gives the same bits whenever it runs.
 */
final class Lanes {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private Lanes() {
    }

    /** The sum of the lanes of {@code v}, always added in the same order (pairwise). */
    static float sum(FloatVector v) {
        // Extracting constant lanes compiles to a few shuffles; a loop or shuffle table would not
        // be intrinsified and falls back to slow generic code.
        return switch (v.length()) {
            case 8 -> ((v.lane(0) + v.lane(4)) + (v.lane(2) + v.lane(6)))
                    + ((v.lane(1) + v.lane(5)) + (v.lane(3) + v.lane(7)));
            case 4 -> (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3));
            default -> sequential(v);
        };
    }

    private static float sequential(FloatVector v) {
        float s = 0;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }
}
