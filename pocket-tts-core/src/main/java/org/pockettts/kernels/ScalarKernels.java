package org.pockettts.kernels;

/** Portable kernels in plain Java: the fallback, and the reference the vector kernels are tested against. */
public final class ScalarKernels implements Kernels {

    @Override
    public void matmul(float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y, int yOff) {
        int out = w.rows();
        int in = w.cols();
        float[] row = new float[in];
        for (int o = 0; o < out; o++) {
            w.copyRow(o, row, 0);
            for (int r = 0; r < rows; r++) {
                int xr = xOff + r * xStride;
                int yr = yOff + r * out;
                float acc = dot(x, xr, row, 0, in);
                y[yr + o] = bias == null ? acc : acc + bias[o];
            }
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float acc = 0;
        for (int i = 0; i < n; i++) {
            acc += a[aOff + i] * b[bOff + i];
        }
        return acc;
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
