package org.pockettts.kernels;

import org.slf4j.LoggerFactory;

/** Chooses the kernel implementation once. */
final class KernelsHolder {

    static final Kernels INSTANCE = choose();

    private KernelsHolder() {
    }

    private static Kernels choose() {
        if ("scalar".equals(System.getProperty("pockettts.kernels"))) {
            return new ScalarKernels();
        }
        try {
            if (!VectorActivations.supported()) {
                LoggerFactory.getLogger(Kernels.class).warn("Vectors narrower than 256 bits; using the portable kernels.");
                return new ScalarKernels();
            }
            return new VectorKernels();
        } catch (LinkageError e) {
            LoggerFactory.getLogger(Kernels.class).warn(
                    "Vector API not available ({}); using the slower portable kernels."
                            + " Start the JVM with --add-modules jdk.incubator.vector", e.toString());
            return new ScalarKernels();
        }
    }
}
