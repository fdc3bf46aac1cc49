package org.pockettts.mimi;

import org.pockettts.kernels.Activations;

/** ELU (alpha 1) as a stage of a SEANet; works on a copy so residual inputs stay intact. */
final class Elu implements Block {

    static final Elu INSTANCE = new Elu();

    private Elu() {
    }

    @Override
    public Object newState() {
        return null;
    }

    @Override
    public Signal forward(Signal x, Object state) {
        int n = x.frames() * x.channels();
        float[] y = java.util.Arrays.copyOf(x.data(), n);
        Activations.elu(y, 0, n);
        return new Signal(y, x.frames(), x.channels());
    }
}
