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
 * around its end into two runs of slots; a cache that continues another (a generation from a
 * voice) reads the other's positions first. At each width the build runs (see
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
            if (cache.slot(lo) + n > cache.capacity()) {
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
                float[] fast = scores(vector, cache, q, h, headDim, lo, n, scale);
                float[] exact = scores(scalar, cache, q, h, headDim, lo, n, scale);
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
                float[] fastSum = weightedSum(vector, cache, weights, h, headDim, lo, n);
                float[] exactSum = weightedSum(scalar, cache, weights, h, headDim, lo, n);
                assertThat(fastSum).as("weighted sum, position %d, head %d", last, h).containsExactly(exactSum);
                assertThat(fastSum).as("weighted sum against double precision").containsExactly(expectedSum,
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        assertThat(wrapped).as("windows that wrap around the ring buffer").isPositive();
    }

    @ParameterizedTest(name = "prompt of {0}, then {1} positions of its own")
    @CsvSource({"7, 1", "40, 25", "33, 70"})
    void aBranchReadsThePositionsItContinuesInPlaceAndGivesTheBitsOfOneCache(int prompt, int more) {
        SplittableRandom r = new SplittableRandom(prompt * 31L + more);
        int heads = 2;
        int headDim = 64;
        int dim = heads * headDim;
        KvCache voice = new KvCache(heads, headDim, Integer.MAX_VALUE, 1000);
        KvCache whole = new KvCache(heads, headDim, Integer.MAX_VALUE, 1000);
        voice.reserve(prompt);
        whole.reserve(prompt + more);
        for (int p = 0; p < prompt; p++) {
            float[] k = random(r, dim);
            float[] v = random(r, dim);
            voice.append(k, 0, v, 0);
            whole.append(k, 0, v, 0);
        }
        KvCache branch = voice.branch(more);
        assertThat(branch.length()).isEqualTo(prompt);
        for (int p = 0; p < more; p++) {
            float[] k = random(r, dim);
            float[] v = random(r, dim);
            branch.reserve(1);
            branch.append(k, 0, v, 0);
            whole.append(k, 0, v, 0);
        }
        assertThat(voice.length()).as("the voice is unchanged").isEqualTo(prompt);
        assertThat(branch.dense()).isEqualTo(whole.dense());
        int n = prompt + more;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        for (Kernels k : vector != null ? new Kernels[] {vector, scalar} : new Kernels[] {scalar}) {
            for (long lo : new long[] {0, prompt / 2, prompt, n - 1}) {
                int count = (int) (n - lo);
                float[] q = random(r, dim);
                float[] p = random(r, count);
                for (int h = 0; h < heads; h++) {
                    assertThat(scores(k, branch, q, h, headDim, lo, count, scale))
                            .containsExactly(scores(k, whole, q, h, headDim, lo, count, scale));
                    assertThat(weightedSum(k, branch, p, h, headDim, lo, count))
                            .containsExactly(weightedSum(k, whole, p, h, headDim, lo, count));
                }
            }
        }
    }

    private static float[] scores(Kernels k, KvCache cache, float[] q, int h, int headDim, long lo, int n,
                                  float scale) {
        float[] out = new float[n];
        cache.scores(k, q, h * headDim, h, lo, n, scale, out, 0);
        return out;
    }

    private static float[] weightedSum(Kernels k, KvCache cache, float[] p, int h, int headDim, long lo, int n) {
        float[] out = new float[headDim];
        cache.weightedSum(k, p, 0, h, lo, n, out, 0);
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
