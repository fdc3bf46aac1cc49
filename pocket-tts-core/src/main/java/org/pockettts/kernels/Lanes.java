package org.pockettts.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The species of the {@link VectorWidth} for each element type, and horizontal sums in a fixed
 * order.
 *
 * <p>The species are static finals, which the JIT treats as constants: a kernel whose species is
 * not a compile-time constant is not intrinsified at all. Conversions name their target species
 * from here for the same reason.
 *
 * <p>{@code reduceLanes(ADD)} leaves the order of its additions unspecified, and the interpreter
 * and the compiled code differ, so the same call would give results one rounding apart depending
 * on how warm the JIT is. Kernels store their accumulators to a small array and add its values
 * pairwise here, which is fully specified (and keeps vectors from crossing a method call, see
 * {@link MatmulF32}).
 */
final class Lanes {

    private static final VectorShape SHAPE = VectorShape.forBitSize(VectorWidth.bits());
    /** Floats of one vector. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Ints of one vector: bfloat16 pairs, integer accumulators. */
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Shorts of one vector: one column pair of an int8 panel. */
    static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Shorts of half a vector: as many as the lanes of {@link #I}. */
    static final VectorSpecies<Short> S_HALF = ShortVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(VectorWidth.bits() / 2));
    /** Doubles of one vector: half as many lanes as {@link #F}. */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Longs of one vector. */
    static final VectorSpecies<Long> J = LongVector.SPECIES_PREFERRED.withShape(SHAPE);
    /** Floats of half a vector: as many as the lanes of {@link #D}. */
    static final VectorSpecies<Float> F_HALF = FloatVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(VectorWidth.bits() / 2));
    /** Lanes of {@link #F}. */
    static final int L = VectorWidth.LANES;
    /** Rows of a panel: {@code 2·L}. */
    static final int P = VectorWidth.BLOCK;

    private Lanes() {
    }

    /** A per-thread array for a few tiles' worth of values. */
    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[8 * P]);

    private static final ThreadLocal<double[]> DOUBLES = ThreadLocal.withInitial(() -> new double[L]);

    static float[] buffer() {
        return BUFFER.get();
    }

    /** A per-thread array for the lanes of a vector of doubles. */
    static double[] doubles() {
        return DOUBLES.get();
    }

    /** The pairwise sum of {@code t[0 … n)}, {@code n} a power of two, as {@link #sum(float[], int)}. */
    static double sum(double[] t, int n) {
        for (int h = n / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                t[i] += t[i + h];
            }
        }
        return t[0];
    }

    /** The pairwise sum of {@code t[off … off+L)}: halves added lane by lane until one value is left. */
    static float sum(float[] t, int off) {
        for (int n = L / 2; n >= 1; n /= 2) {
            for (int i = 0; i < n; i++) {
                t[off + i] += t[off + i + n];
            }
        }
        return t[off];
    }
}
