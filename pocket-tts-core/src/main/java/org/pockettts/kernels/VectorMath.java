package org.pockettts.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementary functions on vectors, built from additions and multiplications only. The Vector
 * API's own {@code EXP} runs different code when interpreted and when compiled, so results would
 * depend on the state of the JIT; these give the same bits everywhere, within about one unit in
 * the last place of the exact value (tested against {@link Math} on dense grids).
 *
 * <p>All use the same reduction: {@code x = n·ln2 + r} with {@code |r| ≤ ln2/2} (ln2 split in two
 * so that {@code n·ln2} is exact), a Taylor polynomial for {@code e^r − 1}, and the scale
 * {@code 2^n} assembled in the exponent bits.
 */
final class VectorMath {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** Doubles: as many lanes as there are floats in half a float vector. */
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    static final VectorSpecies<Float> FH = VectorSpecies.of(float.class,
            jdk.incubator.vector.VectorShape.forBitSize(D.vectorBitSize() / 2));
    static final VectorSpecies<Long> LD = VectorSpecies.of(long.class, D.vectorShape());

    private static final float LOG2E_F = 1.44269504088896341f;
    private static final float LN2_HI_F = 0.693145751953125f;
    private static final float LN2_LO_F = 1.42860682030941723212e-6f;
    /** Adding then subtracting 1.5·2^23 rounds a float to an integer (for |v| < 2^22). */
    private static final float ROUND_F = 12582912f;

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    private static final double ROUND_D = 6755399441055744.0;

    private VectorMath() {
    }

    /** {@code e^r − 1} for {@code |r| ≤ ln2/2}: Taylor to degree 8, truncation below 2^-28 relative. */
    private static FloatVector expm1Reduced(FloatVector r) {
        FloatVector p = r.fma(1f / 40320, 1f / 5040);
        p = p.fma(r, FloatVector.broadcast(F, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(F, 0.5f));
        return p.mul(r).fma(r, r);
    }

    /** {@code e^x}, for {@code −87 ≤ x ≤ 88} (callers clamp). */
    static FloatVector exp(FloatVector x) {
        FloatVector n = x.fma(LOG2E_F, ROUND_F).sub(ROUND_F);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI_F), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO_F), r);
        FloatVector scale = scale(n);
        return expm1Reduced(r).fma(scale, scale);
    }

    /** {@code e^x − 1}, for {@code −30 ≤ x ≤ 0} (callers clamp): {@code 2^n·expm1(r) + (2^n − 1)} keeps small results exact. */
    static FloatVector expm1(FloatVector x) {
        FloatVector n = x.fma(LOG2E_F, ROUND_F).sub(ROUND_F);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI_F), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO_F), r);
        FloatVector scale = scale(n);
        return expm1Reduced(r).fma(scale, scale.sub(1f));
    }

    /** {@code 2^n} for integral {@code n} in the normal range. */
    private static FloatVector scale(FloatVector n) {
        IntVector bits = n.convert(VectorOperators.F2I, 0).reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23);
        return bits.reinterpretAsFloats();
    }

    /** {@code e^x} in double, for {@code −700 ≤ x ≤ 0} (callers clamp); Taylor to degree 12. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector shifted = x.fma(LOG2E, ROUND_D);
        DoubleVector n = shifted.sub(ROUND_D);
        DoubleVector r = n.fma(DoubleVector.broadcast(D, -LN2_HI), x);
        r = n.fma(DoubleVector.broadcast(D, -LN2_LO), r);
        DoubleVector p = r.fma(1.0 / 479001600, 1.0 / 39916800);
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 3628800));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 362880));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 40320));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 5040));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 720));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 120));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 24));
        p = p.fma(r, DoubleVector.broadcast(D, 1.0 / 6));
        p = p.fma(r, DoubleVector.broadcast(D, 0.5));
        p = p.mul(r).fma(r, r);
        // The low bits of the rounded sum hold n; 2^n is n + 1023 in the exponent field.
        LongVector k = shifted.reinterpretAsLongs().sub(Double.doubleToRawLongBits(ROUND_D));
        DoubleVector scale = k.add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        return p.fma(scale, scale);
    }

    /** Lanes of {@code v} where {@code |v| < limit}. */
    static VectorMask<Double> below(DoubleVector v, double limit) {
        return v.abs().compare(VectorOperators.LT, limit);
    }
}
