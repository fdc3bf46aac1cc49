package org.pockettts.kernels;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Has the JIT compile the vector kernels before a model needs them, on an otherwise idle core.
 *
 * <p>Until the JIT's optimising compiler has compiled a Vector API kernel, the kernel runs in the
 * interpreter or in code of the quick compiler, where every vector operation is a call that
 * allocates: tens of times slower than compiled, and the interpreted time makes the JIT compile
 * the Vector API's own fall-back code too. With real sizes, the first voice prompted in a JVM (a
 * few seconds of work when compiled) thus took three seconds more. The optimising compiler takes
 * a method once it has been called some hundreds of times and its loops have turned some
 * thousands of times; so every kernel entry is called here on tiny inputs (a few microseconds
 * each, even interpreted) along every path the models take — each matrix storage, one to
 * thirteen rows, whole and partial panels, every activation — until each is compiled, while the
 * model loads on another thread. Nothing here touches state a model uses.
 *
 * <p>Started once per JVM by the first model load, for the matrix storages that model uses: the
 * int8 kernels only for a quantized model, since every compilation the model does not need delays
 * those it needs, which the first voice prompt waits for.
 * {@code -Dpockettts.warmup=false} turns it off, and the portable scalar kernels, which the JIT
 * compiles quickly anyway, never use it.
 */
public final class KernelWarmup {

    /** Rounds of calls: enough for the optimising compiler to take every kernel at the sizes below. */
    static final int ROUNDS = 1000;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private KernelWarmup() {
    }

    /**
     * Starts the warm-up on a daemon thread unless it was started before, is turned off, or is of no
     * use; returns at once.
     *
     * @param int8 whether the model being loaded has int8 matrices
     */
    public static void start(boolean int8) {
        if (!Boolean.parseBoolean(System.getProperty("pockettts.warmup", "true"))
                || !(Kernels.get() instanceof VectorKernels) || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform().name("pocket-tts-warmup").daemon().start(() -> run(ROUNDS, int8));
    }

    /** Calls every kernel entry {@code rounds} times on tiny inputs (those of int8 matrices if {@code int8}). */
    static void run(int rounds, boolean int8) {
        Kernels k = Kernels.get();
        SplittableRandom random = new SplittableRandom(1);
        // Eleven whole panels (the six- and four-panel groups of one-row products, and single ones)
        // and a partial one; rows from 1 to 13 cover the row tiles of six, four and one.
        int cols = 24;
        int out = 11 * Matrix.PANEL + 3;
        float[] w = new float[out * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = Float.intBitsToFloat(Float.floatToRawIntBits((float) random.nextGaussian()) & 0xFFFF0000);
        }
        Arena arena = Arena.ofAuto();
        List<Matrix> matrices = new ArrayList<>();
        for (Matrix.Storage storage : Matrix.Storage.values()) {
            if (storage != Matrix.Storage.INT8 || int8) {
                matrices.add(Matrix.pack(arena, RowTable.of(out, cols, w), storage));
            }
        }
        int[] rowCounts = {1, 5, 6, 10, 13};
        float[] x = values(random, 13 * cols);
        float[] y = new float[13 * out];
        float[] bias = values(random, out);
        int n = 48;
        float[] a = values(random, 4 * n);
        float[] b = new float[4 * n];
        float[] norm = values(random, n);
        int dim = 32;
        float[] keys = values(random, 2 * Kernels.KEY_BLOCK * dim);
        float[] cached = values(random, 2 * Kernels.KEY_BLOCK * dim);
        float[] scores = new float[2 * Kernels.KEY_BLOCK];
        for (int round = 0; round < rounds; round++) {
            for (Matrix m : matrices) {
                for (int rows : rowCounts) {
                    k.matmul(x, 0, cols, rows, m, round % 2 == 0 ? bias : null, y, 0);
                }
            }
            System.arraycopy(a, 0, b, 0, 4 * n);
            Activations.gelu(b, 0, n);
            Activations.geluTanh(b, n, n);
            Activations.elu(b, 2 * n, n);
            Activations.elu(a, 0, b, 3 * n, n);
            Activations.silu(b, 0, n);
            Activations.silu(a, n, b, n, n);
            Activations.expShifted(b, 0, n, 1f);
            Norms.layerNorm(a, 0, b, 0, 2, n, null, null, 1e-5f);
            Norms.layerNorm(a, 0, b, 0, 1, n, norm, norm, 1e-5f);
            Norms.varianceScale(b, 0, 1, n, norm, 1e-5f);
            k.dot(a, 0, a, n, n);
            k.axpy(0.5f, a, 0, b, 0, n);
            k.scores(a, 0, keys, 0, 3, Kernels.KEY_BLOCK + 5, dim, 0.125f, scores, 0);
            k.weightedSum(scores, 0, cached, 0, dim, Kernels.KEY_BLOCK + 5, dim, b, 0);
        }
    }

    private static float[] values(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
