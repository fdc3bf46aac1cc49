package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The views of a stored convolution weight as the matrices the convolutions multiply by, against
 * the explicit index arithmetic of PyTorch's layouts, for float32 and bfloat16 tables.
 */
class RowTableTest {

    private static short[] bits(float[] values) {
        short[] out = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (short) (Float.floatToRawIntBits(values[i]) >>> 16);
        }
        return out;
    }

    private static float[] bf16Values(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = Float.intBitsToFloat(Float.floatToRawIntBits((float) r.nextGaussian()) & 0xFFFF0000);
        }
        return a;
    }

    private static RowTable[] both(int rows, int cols, float[] values) {
        return new RowTable[] {RowTable.of(rows, cols, values), RowTable.ofBf16(rows, cols, bits(values))};
    }

    @Test
    void aConvolutionWeightIsSeenKernelTapMajor() {
        SplittableRandom r = new SplittableRandom(3);
        int out = 5;
        int in = 7;
        int kernel = 3;
        float[] torch = bf16Values(r, out * in * kernel);
        for (RowTable stored : both(out, in * kernel, torch)) {
            RowTable view = stored.kernelMajor(in, kernel);
            assertThat(view.rows()).isEqualTo(out);
            assertThat(view.cols()).isEqualTo(kernel * in);
            float[] row = new float[kernel * in];
            for (int o = 0; o < out; o++) {
                view.copyRow(o, row, 0);
                for (int c = 0; c < in; c++) {
                    for (int k = 0; k < kernel; k++) {
                        float expected = torch[(o * in + c) * kernel + k];
                        assertThat(row[k * in + c]).isEqualTo(expected);
                        assertThat(view.get(o, k * in + c)).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void aTransposedConvolutionWeightIsSeenAsOneRowPerTapAndOutput() {
        SplittableRandom r = new SplittableRandom(4);
        int in = 6;
        int out = 4;
        int kernel = 5;
        float[] torch = bf16Values(r, in * out * kernel);
        for (RowTable stored : both(in, out * kernel, torch)) {
            RowTable view = stored.transposedKernelMajor(out, kernel);
            assertThat(view.rows()).isEqualTo(kernel * out);
            assertThat(view.cols()).isEqualTo(in);
            float[] row = new float[in];
            short[] rowBits = new short[in];
            for (int k = 0; k < kernel; k++) {
                for (int o = 0; o < out; o++) {
                    view.copyRow(k * out + o, row, 0);
                    if (view.isBf16()) {
                        view.copyRowBits(k * out + o, rowBits);
                    }
                    for (int c = 0; c < in; c++) {
                        float expected = torch[(c * out + o) * kernel + k];
                        assertThat(row[c]).isEqualTo(expected);
                        if (view.isBf16()) {
                            assertThat(rowBits[c]).isEqualTo((short) (Float.floatToRawIntBits(expected) >>> 16));
                        }
                    }
                }
            }
        }
    }

    @Test
    void aViewPacksAsTheMatrixItShows() {
        SplittableRandom r = new SplittableRandom(5);
        int in = 9;
        int out = Matrix.PANEL + 3;
        int kernel = 4;
        float[] torch = bf16Values(r, in * out * kernel);
        RowTable view = RowTable.ofBf16(in, out * kernel, bits(torch)).transposedKernelMajor(out, kernel);
        Matrix m = Matrix.pack(java.lang.foreign.Arena.ofAuto(), view, Matrix.Storage.BF16);
        for (int row = 0; row < kernel * out; row++) {
            for (int c = 0; c < in; c++) {
                assertThat(m.get(row, c)).isEqualTo(view.get(row, c));
            }
        }
    }

    @Test
    void onlyATableAsStoredCanBeSeenAnotherWayAndItsRowsMustFit() {
        RowTable stored = RowTable.of(2, 6, new float[12]);
        assertThatThrownBy(() -> stored.kernelMajor(4, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("4 channels of a kernel of 2 are not the 6 values of a row");
        assertThatThrownBy(() -> stored.kernelMajor(3, 2).kernelMajor(3, 2))
                .isInstanceOf(IllegalStateException.class);
    }
}
