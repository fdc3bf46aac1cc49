package org.pockettts.kernels;

/** Chooses the kernel implementation once, by the {@link VectorWidth}. */
final class KernelsHolder {

    static final Kernels INSTANCE = VectorWidth.bits() == 0 ? new ScalarKernels() : new VectorKernels();

    private KernelsHolder() {
    }
}
