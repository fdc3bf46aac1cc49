package org.pockettts.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.ScalarKernels;
import org.pockettts.kernels.VectorKernels;
import org.pockettts.kernels.VectorWidth;

/**
 * The attention kernels over the {@link KvCache}'s own layout, called as {@link Attention} calls
 * them: a bounded context makes the cache a ring buffer, and a query's window of positions wraps
 * around its end into two runs of slots. At each width the build runs (see
 * {@code KernelsAtEveryWidthTest}), the vector kernels must give the scalar ones' bits, and both
 * must match scores and weighted sums computed in double precision from the keys and values as
 * they were appended.
 */
@Tag("widths")
class AttentionKernelsTest {

    private final Kernels vector = VectorWidth.bits() > 0 ? new VectorKernels() : null;
    private final Kernels scalar = new ScalarKernels();

    @ParameterizedTest(name = "{0} heads of {1}, context {2}, prompt of {3}")
    @CsvSource({"2, 64, 40, 7", "3, 64, 19, 1", "1, 24, 33, 50", "2, 17, 5, 3"})
    void scoresAndWeightedSumsOverAWrappingCacheMatchTheScalarKernelsAndDoublePrecision(int heads, int headDim,
                                                                                      int context, int prompt) {
        assumeTrue(vector != null, "the Vector API is not available");
        SplittableRandom r = new SplittableRandom(heads * 131L + headDim * 17L + context);
        int dim = heads * headDim;
        int positions = prompt + 3 * context + 11;
        float[][] keys = new float[positions][];
        float[][] values = new float[positions][];
        KvCache cache = new KvCache(heads, headDim, context, 1 << 20);
        float scale = (float) (1.0 / Math.sqrt(headDim));
        int wrapped = 0;
        int p = 0;
        while (p < positions) {
            int rows = p == 0 ? prompt : 1;
            cache.reserve(rows);
            for (int t = 0; t < rows; t++, p++) {
                keys[p] = random(r, dim);
                values[p] = random(r, dim);
                cache.append(keys[p], 0, values[p], 0);
            }
            long last = p - 1;
            long lo = Math.max(cache.first(), last - context + 1);
            int n = (int) (last - lo + 1);
            int s0 = cache.slot(lo);
            int run = Math.min(n, cache.capacity() - s0);
            if (run < n) {
                wrapped++;
            }
            float[] q = random(r, dim);
            for (int h = 0; h < heads; h++) {
                float[] expectedScores = new float[n];
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int d = 0; d < headDim; d++) {
                        s += (double) q[h * headDim + d] * keys[(int) lo + j][h * headDim + d];
                    }
                    expectedScores[j] = (float) (s * scale);
                }
                float[] fast = scores(vector, cache, q, h, headDim, s0, run, n, scale);
                float[] exact = scores(scalar, cache, q, h, headDim, s0, run, n, scale);
                assertThat(fast).as("scores, position %d, head %d", last, h).containsExactly(exact);
                assertThat(fast).as("scores against double precision").containsExactly(expectedScores,
                        org.assertj.core.data.Offset.offset(1e-5f));

                float[] weights = random(r, n);
                float[] expectedSum = new float[headDim];
                for (int d = 0; d < headDim; d++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += (double) weights[j] * values[(int) lo + j][h * headDim + d];
                    }
                    expectedSum[d] = (float) s;
                }
                float[] fastSum = weightedSum(vector, cache, weights, h, headDim, s0, run, n);
                float[] exactSum = weightedSum(scalar, cache, weights, h, headDim, s0, run, n);
                assertThat(fastSum).as("weighted sum, position %d, head %d", last, h).containsExactly(exactSum);
                assertThat(fastSum).as("weighted sum against double precision").containsExactly(expectedSum,
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        assertThat(wrapped).as("windows that wrap around the ring buffer").isPositive();
    }

    private static float[] scores(Kernels k, KvCache cache, float[] q, int h, int headDim, int s0, int run, int n,
                                  float scale) {
        float[] out = new float[n];
        k.scores(q, h * headDim, cache.keys(), cache.keyBase(h), s0, run, headDim, scale, out, 0);
        k.scores(q, h * headDim, cache.keys(), cache.keyBase(h), 0, n - run, headDim, scale, out, run);
        return out;
    }

    private static float[] weightedSum(Kernels k, KvCache cache, float[] p, int h, int headDim, int s0, int run,
                                       int n) {
        float[] out = new float[headDim];
        k.weightedSum(p, 0, cache.values(), cache.valueOffset(h, s0), headDim, run, headDim, out, 0);
        k.weightedSum(p, run, cache.values(), cache.valueOffset(h, 0), headDim, n - run, headDim, out, 0);
        return out;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
