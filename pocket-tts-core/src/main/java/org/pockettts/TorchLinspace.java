package org.pockettts;

/**
 * {@code torch.linspace(start, end, steps)} in float32, bit for bit as PyTorch's CPU kernel gives it
 * (the 3.3 fade gains are such tensors): {@code step = (end − start) / (steps − 1)}; the first half of
 * the values counts up from {@code start}, the second half down from {@code end}, in vectors of
 * eight lanes (AVX2) whose first value is {@code start + step·i} (or {@code end − step·(steps − 1 − i)})
 * rounded once, as the compiler fuses it, and whose other lanes add {@code step·j} to it. The
 * fixture's {@code fade_in} and {@code end_on_pause.fade_out} tensors are what it is checked against.
 */
final class TorchLinspace {

    /** Float lanes of the vectors PyTorch's kernel fills. */
    private static final int LANES = 8;

    private TorchLinspace() {
    }

    static float[] of(float start, float end, int steps) {
        float[] out = new float[steps];
        if (steps == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (steps - 1);
        int halfway = steps / 2;
        int full = steps / LANES * LANES;
        for (int first = 0; first < full; first += LANES) {
            float base = first < halfway ? Math.fma(step, (float) first, start)
                    : Math.fma(-step, (float) (steps - first - 1), end);
            for (int j = 0; j < LANES; j++) {
                out[first + j] = base + step * j;
            }
        }
        for (int i = full; i < steps; i++) {
            out[i] = i < halfway ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (steps - i - 1), end);
        }
        return out;
    }
}
