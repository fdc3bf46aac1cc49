package org.pockettts.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Kernels on the Vector API, with the widest float vectors of the machine; large products are
 * shared with the {@link WorkerPool#shared() shared worker pool}.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        return MatmulF32.dot(a, aOff, b, bOff, n);
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
