package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API at the {@link VectorWidth} of this JVM; large products are shared with
 * the {@link WorkerPool#shared() shared worker pool}. Products, attention scores and weighted sums
 * give the same bits as {@link ScalarKernels} (the same chains of fused multiply-adds); dot
 * products add their lanes pairwise and differ from it by roundings.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = Lanes.F;
    private static final int L = Lanes.L;
    private static final ThreadLocal<MatmulTask> TASKS = ThreadLocal.withInitial(MatmulTask::new);

    @Override
    public void matmul(float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y, int yOff) {
        if (rows == 0) {
            return;
        }
        TASKS.get().multiply(WorkerPool.shared(), x, xOff, xStride, rows, w, bias, y, yOff);
    }

    @Override
    public void scores(float[] q, int qOff, float[] keys, int base, int first, int n, int dim, float scale,
                       float[] out, int outOff) {
        // Per block, per dimension: one broadcast query value against the block's two vectors of
        // keys, one contiguous run of memory. Lanes are independent, so a block cut by the run's
        // ends is computed whole into a buffer and only its wanted lanes are kept; every score is
        // the same ordered chain of multiply-adds as in the scalar form.
        float[] lanes = null;
        int j = 0;
        while (j < n) {
            int s = first + j;
            int lane = s % KEY_BLOCK;
            int count = Math.min(KEY_BLOCK - lane, n - j);
            FloatVector a = FloatVector.zero(S);
            FloatVector b = a;
            int k = base + (s / KEY_BLOCK) * dim * KEY_BLOCK;
            for (int d = 0; d < dim; d++, k += KEY_BLOCK) {
                FloatVector qd = FloatVector.broadcast(S, q[qOff + d]);
                a = qd.fma(FloatVector.fromArray(S, keys, k), a);
                b = qd.fma(FloatVector.fromArray(S, keys, k + L), b);
            }
            if (count == KEY_BLOCK) {
                a.mul(scale).intoArray(out, outOff + j);
                b.mul(scale).intoArray(out, outOff + j + L);
            } else {
                if (lanes == null) {
                    lanes = Lanes.buffer();
                }
                a.mul(scale).intoArray(lanes, 0);
                b.mul(scale).intoArray(lanes, L);
                System.arraycopy(lanes, lane, out, outOff + j, count);
            }
            j += count;
        }
    }

    @Override
    public void weightedSum(float[] p, int pOff, float[] values, int vOff, int stride, int n, int dim, float[] out,
                            int oOff) {
        // Strips of four vectors of the output (a head of 64 values is one to four strips, by the
        // width) stay in registers while the rows stream by; each value still adds its terms in
        // the order of j.
        int d = 0;
        for (; d + 4 * L <= dim; d += 4 * L) {
            int o = oOff + d;
            FloatVector a0 = FloatVector.fromArray(S, out, o);
            FloatVector a1 = FloatVector.fromArray(S, out, o + L);
            FloatVector a2 = FloatVector.fromArray(S, out, o + 2 * L);
            FloatVector a3 = FloatVector.fromArray(S, out, o + 3 * L);
            int v = vOff + d;
            for (int j = 0; j < n; j++, v += stride) {
                FloatVector pj = FloatVector.broadcast(S, p[pOff + j]);
                a0 = FloatVector.fromArray(S, values, v).fma(pj, a0);
                a1 = FloatVector.fromArray(S, values, v + L).fma(pj, a1);
                a2 = FloatVector.fromArray(S, values, v + 2 * L).fma(pj, a2);
                a3 = FloatVector.fromArray(S, values, v + 3 * L).fma(pj, a3);
            }
            a0.intoArray(out, o);
            a1.intoArray(out, o + L);
            a2.intoArray(out, o + 2 * L);
            a3.intoArray(out, o + 3 * L);
        }
        for (; d + L <= dim; d += L) {
            FloatVector a = FloatVector.fromArray(S, out, oOff + d);
            int v = vOff + d;
            for (int j = 0; j < n; j++, v += stride) {
                a = FloatVector.fromArray(S, values, v).fma(FloatVector.broadcast(S, p[pOff + j]), a);
            }
            a.intoArray(out, oOff + d);
        }
        for (; d < dim; d++) {
            float a = out[oOff + d];
            int v = vOff + d;
            for (int j = 0; j < n; j++, v += stride) {
                a = Math.fma(p[pOff + j], values[v], a);
            }
            out[oOff + d] = a;
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
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public String toString() {
        return "VectorKernels(" + VectorWidth.describe() + ")";
    }
}
