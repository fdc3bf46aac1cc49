package org.pockettts.nn;

import org.pockettts.kernels.Activations;

/** The two forms of GELU a transformer's feed-forward may use; which one is the behaviour's choice. */
public enum Gelu {

    /** The exact form, {@code x·(1 + erf(x/√2))/2}: PyTorch's default, used by pocket-tts 1.0.1 and 2.1.0. */
    ERF {
        @Override
        void apply(float[] x, int off, int n) {
            Activations.gelu(x, off, n);
        }
    },

    /**
     * The tanh approximation, {@code x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))/2}, used by pocket-tts 3.3
     * (the weights of its models were trained with it).
     */
    TANH {
        @Override
        void apply(float[] x, int off, int n) {
            Activations.geluTanh(x, off, n);
        }
    };

    /** Applies this GELU in place to {@code x[off … off+n)}. */
    abstract void apply(float[] x, int off, int n);
}
