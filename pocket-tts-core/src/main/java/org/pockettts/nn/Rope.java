package org.pockettts.nn;

/**
 * Rotary position embedding with interleaved pairs: dimensions 2i and 2i+1 of each head form one
 * complex number, rotated by {@code position · f_i} with {@code f_i = max_period^(−2i/d)}.
 *
 * <p>The frequencies, angles and rotations are computed in float32 exactly in the reference's
 * order: at positions in the hundreds the float32 rounding of the angle is visible in the output,
 * so a port that computed angles in double would not match it.
 */
final class Rope {

    private final int headDim;
    private final float[] freqs;

    Rope(int headDim, double maxPeriod) {
        this.headDim = headDim;
        this.freqs = new float[headDim / 2];
        float scale = (float) (-Math.log(maxPeriod) * 2 / headDim);
        for (int i = 0; i < freqs.length; i++) {
            freqs[i] = (float) Math.exp((float) i * scale);
        }
    }

    /**
     * Rotates {@code rows} rows of {@code heads × headDim} values starting at {@code x[off]},
     * consecutive rows {@code stride} apart, row {@code t} being at position {@code start + t}.
     */
    void apply(float[] x, int off, int stride, int rows, int heads, long start) {
        int half = headDim / 2;
        for (int t = 0; t < rows; t++) {
            float pos = (float) (start + t);
            for (int i = 0; i < half; i++) {
                float angle = freqs[i] * pos;
                float c = (float) Math.cos(angle);
                float s = (float) Math.sin(angle);
                for (int h = 0; h < heads; h++) {
                    int j = off + t * stride + h * headDim + 2 * i;
                    float re = x[j];
                    float im = x[j + 1];
                    x[j] = re * c - im * s;
                    x[j + 1] = re * s + im * c;
                }
            }
        }
    }
}
