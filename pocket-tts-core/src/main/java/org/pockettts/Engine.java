package org.pockettts;

import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.WorkerPool;

/**
 * The numeric engine that every model in this JVM shares: its threads and its kernels.
 */
public final class Engine {

    private Engine() {
    }

    /**
     * Sets how many threads the numeric kernels may use at once, the calling thread included.
     * The default is {@code -Dpockettts.threads}, or else the number of available processors.
     *
     * @throws IllegalArgumentException when {@code threads} is below 1
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        WorkerPool.configure(threads);
    }

    /** How many threads the numeric kernels may use at once. */
    public static int threads() {
        return WorkerPool.shared().threads();
    }

    /** The kernels in use, for reports: {@code VectorKernels} (Vector API) or {@code ScalarKernels}. */
    public static String kernels() {
        return Kernels.get().toString();
    }
}
