package org.pockettts.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** ELU and the softmax exponentials on vectors ({@link VectorMath}); GELU is in {@link Gelu}. */
final class VectorActivations {

    private static final int L = VectorMath.F.length();

    private VectorActivations() {
    }

    static void elu(float[] x, int off, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(VectorMath.F, x, off + i);
            var negative = v.compare(VectorOperators.LT, 0f);
            if (negative.anyTrue()) {
                FloatVector e = VectorMath.expm1(v.max(-30f).min(0f));
                v.blend(e, negative).intoArray(x, off + i);
            }
        }
        for (; i < n; i++) {
            float v = x[off + i];
            if (v < 0) {
                x[off + i] = (float) Math.expm1(v);
            }
        }
    }

    /**
     * {@code x[i] = e^(x[i] − max)} for {@code i < n}, returning the sum in double. The arguments
     * are at most 0; below −87 the result is 0 as in float.
     */
    static double expShifted(float[] x, int off, int n, float max) {
        double sum = 0;
        int i = 0;
        // Summed in double as the portable version does: a float sum of hundreds of terms would
        // drift by more than a rounding.
        DoubleVector acc0 = DoubleVector.zero(VectorMath.D);
        DoubleVector acc1 = DoubleVector.zero(VectorMath.D);
        for (; i + L <= n; i += L) {
            FloatVector v = FloatVector.fromArray(VectorMath.F, x, off + i).sub(max);
            var tiny = v.compare(VectorOperators.LT, -87f);
            FloatVector e = VectorMath.exp(v.max(-87f)).blend(0f, tiny);
            e.intoArray(x, off + i);
            acc0 = acc0.add((DoubleVector) e.convertShape(VectorOperators.F2D, VectorMath.D, 0));
            acc1 = acc1.add((DoubleVector) e.convertShape(VectorOperators.F2D, VectorMath.D, 1));
        }
        DoubleVector acc = acc0.add(acc1);
        for (int k = 0; k < acc.length(); k++) {
            sum += acc.lane(k);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(x[off + i] - max);
            x[off + i] = e;
            sum += e;
        }
        return sum;
    }
}
