package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API with 256-bit vectors (AVX2 and wider); large products are shared with
 * the {@link WorkerPool#shared() shared worker pool}.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = S.length();
    private static final ThreadLocal<MatmulTask> TASKS = ThreadLocal.withInitial(MatmulTask::new);

    @Override
    public void matmul(float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y, int yOff) {
        if (rows == 0) {
            return;
        }
        TASKS.get().multiply(WorkerPool.shared(), x, xOff, xStride, rows, w, bias, y, yOff);
    }

    @Override
    public void scores(float[] q, int qOff, float[] keys, int kOff, int stride, int n, int dim, float scale,
                       float[] out, int outOff) {
        if (dim % L != 0) {
            Kernels.super.scores(q, qOff, keys, kOff, stride, n, dim, scale, out, outOff);
            return;
        }
        float[] lanes = Lanes.buffer();
        int j = 0;
        for (; j + 2 <= n; j += 2) {
            int k0 = kOff + j * stride;
            int k1 = k0 + stride;
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            for (int d = 0; d < dim; d += L) {
                FloatVector qv = FloatVector.fromArray(S, q, qOff + d);
                a0 = qv.fma(FloatVector.fromArray(S, keys, k0 + d), a0);
                a1 = qv.fma(FloatVector.fromArray(S, keys, k1 + d), a1);
            }
            a0.intoArray(lanes, 0);
            a1.intoArray(lanes, L);
            out[outOff + j] = Lanes.sum(lanes, 0) * scale;
            out[outOff + j + 1] = Lanes.sum(lanes, L) * scale;
        }
        for (; j < n; j++) {
            FloatVector a0 = FloatVector.zero(S);
            int k0 = kOff + j * stride;
            for (int d = 0; d < dim; d += L) {
                a0 = FloatVector.fromArray(S, q, qOff + d).fma(FloatVector.fromArray(S, keys, k0 + d), a0);
            }
            a0.intoArray(lanes, 0);
            out[outOff + j] = Lanes.sum(lanes, 0) * scale;
        }
    }

    @Override
    public void weightedSum(float[] p, int pOff, float[] values, int vOff, int stride, int n, int dim, float[] out,
                            int oOff) {
        if (dim % L != 0) {
            Kernels.super.weightedSum(p, pOff, values, vOff, stride, n, dim, out, oOff);
            return;
        }
        // The accumulator of each slice of the output stays in a register across all positions.
        for (int d = 0; d < dim; d += L) {
            FloatVector acc = FloatVector.fromArray(S, out, oOff + d);
            int v = vOff + d;
            for (int j = 0; j < n; j++, v += stride) {
                acc = FloatVector.fromArray(S, values, v).fma(FloatVector.broadcast(S, p[pOff + j]), acc);
            }
            acc.intoArray(out, oOff + d);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        float[] lanes = Lanes.buffer();
        acc.intoArray(lanes, 0);
        float s = Lanes.sum(lanes, 0);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector av = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
