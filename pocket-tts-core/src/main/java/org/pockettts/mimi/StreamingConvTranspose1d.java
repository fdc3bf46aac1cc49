package org.pockettts.mimi;

import org.pockettts.kernels.Activations;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;
import org.pockettts.nn.Buffer;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * A transposed 1-D convolution fed piece by piece: each call computes the full transposed
 * convolution of its input, adds the overlapping tail saved by the previous call to its first
 * {@code k − stride} frames, and keeps its own last {@code k − stride} frames (without bias) for
 * the next call instead of emitting them.
 *
 * <p>Either dense (groups 1; weight [in, out, k] packed as [k·out, in] by {@link
 * Weights#transposedConvolution}, so each input frame is one matrix-vector product whose result is
 * overlap-added) or depthwise (groups = channels).
 */
final class StreamingConvTranspose1d implements Block<StreamingConvTranspose1d.State> {

    private static final Kernels K = Kernels.get();

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final boolean depthwise;
    private final boolean eluInput;
    private final Matrix dense;
    private final float[] depthwiseWeight;
    private final float[] bias;

    private StreamingConvTranspose1d(int in, int out, int kernel, int stride, boolean eluInput, Matrix dense,
                                     float[] depthwiseWeight, float[] bias) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.depthwise = dense == null;
        this.eluInput = eluInput;
        this.dense = dense;
        this.depthwiseWeight = depthwiseWeight;
        this.bias = bias;
    }

    /**
     * Loads a dense transposed convolution: {@code <name>.weight} [in, out, k], optional bias [out];
     * with {@code eluInput} it applies ELU to its input first.
     */
    static StreamingConvTranspose1d load(Weights w, String name, int in, int out, int kernel, int stride,
                                         boolean eluInput, boolean hasBias) {
        Weights s = w.scope(name);
        return new StreamingConvTranspose1d(in, out, kernel, stride, eluInput,
                s.transposedConvolution("weight", in, out, kernel, WeightFormat.AS_STORED), null,
                hasBias ? s.vector("bias", out) : null);
    }

    /** Loads a depthwise transposed convolution: {@code <name>.weight} [channels, 1, k], no bias. */
    static StreamingConvTranspose1d loadDepthwise(Weights w, String name, int channels, int kernel, int stride) {
        float[] torchWeight = w.scope(name).tensor("weight", channels, 1, kernel);
        // Repacked [k][channel], so the innermost loop runs over contiguous channels and the JIT
        // vectorises it; the order of the additions into each output is unchanged.
        float[] weight = new float[kernel * channels];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < kernel; k++) {
                weight[k * channels + c] = torchWeight[c * kernel + k];
            }
        }
        return new StreamingConvTranspose1d(channels, channels, kernel, stride, false, null, weight, null);
    }

    /** The overlapping tail carried to the next call, and the buffers a call reuses. */
    static final class State {
        /** The last {@code k − stride} output frames of the previous call, without bias. */
        final float[] partial;
        /** The input after ELU. */
        final Buffer input = new Buffer();
        /** Each input frame's products with the dense kernel, before they are overlap-added. */
        final Buffer products = new Buffer();
        /** The full transposed convolution, whose first frames are the result of {@link #forward}. */
        final Buffer output = new Buffer();

        State(int size) {
            partial = new float[size];
        }
    }

    @Override
    public State newState() {
        return new State((kernel - stride) * out);
    }

    /**
     * Upsamples the next {@code x.frames()} frames into {@code stride} times as many. The result is
     * the state's {@code output} buffer, valid until the next call with the same state.
     */
    @Override
    public Signal forward(Signal x, State s) {
        float[] partial = s.partial;
        int frames = x.frames();
        int tail = kernel - stride;
        int full = frames * stride + tail;
        float[] y = s.output.get(full * out);
        java.util.Arrays.fill(y, 0, full * out, 0f);
        float[] input = x.data();
        if (eluInput) {
            input = s.input.get(frames * in);
            Activations.elu(x.data(), 0, input, 0, frames * in);
        }
        if (depthwise) {
            for (int t = 0; t < frames; t++) {
                for (int k = 0; k < kernel; k++) {
                    int row = (t * stride + k) * out;
                    for (int c = 0; c < out; c++) {
                        y[row + c] += input[t * in + c] * depthwiseWeight[k * out + c];
                    }
                }
            }
        } else {
            // All frames in one product, so the weights are read once per call, then overlap-added.
            int width = kernel * out;
            float[] z = s.products.get(frames * width);
            K.matmul(input, 0, in, frames, dense, null, z, 0);
            for (int t = 0; t < frames; t++) {
                K.axpy(1f, z, t * width, y, t * stride * out, width);
            }
        }
        if (bias != null) {
            for (int r = 0; r < full; r++) {
                for (int o = 0; o < out; o++) {
                    y[r * out + o] += bias[o];
                }
            }
        }
        for (int i = 0; i < tail * out; i++) {
            y[i] += partial[i];
        }
        int kept = frames * stride;
        for (int r = 0; r < tail; r++) {
            for (int o = 0; o < out; o++) {
                partial[r * out + o] = y[(kept + r) * out + o] - (bias == null ? 0f : bias[o]);
            }
        }
        return new Signal(y, kept, out);
    }
}
