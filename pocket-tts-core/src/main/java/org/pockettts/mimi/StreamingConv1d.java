package org.pockettts.mimi;

import org.pockettts.kernels.Activations;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;
import org.pockettts.nn.Buffer;
import org.pockettts.nn.WeightFormat;
import org.pockettts.nn.Weights;

/**
 * A causal 1-D convolution that can be fed its input piece by piece. Each call prepends the last
 * {@code (k−1)·dilation + 1 − stride} input frames of the previous call (zeros at first, or copies
 * of the first frame with replicate padding), so pieces give the same output as the whole. Input
 * lengths must be multiples of the stride.
 *
 * <p>The PyTorch weight [out, in, k] is packed at load as [out, k·in] ({@link Weights#convolution}):
 * for dilation 1 an output frame is then one dot product with a contiguous window of the time-major
 * input, and the whole convolution is one matrix product over overlapping rows, with no copy of the
 * windows.
 */
final class StreamingConv1d implements Block<StreamingConv1d.State> {

    private static final Kernels K = Kernels.get();

    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int dilation;
    private final boolean replicate;
    private final boolean eluInput;
    private final Matrix weight;
    private final float[] bias;

    StreamingConv1d(int in, int out, int kernel, int stride, int dilation, boolean replicate, boolean eluInput,
                    Matrix weight, float[] bias) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.replicate = replicate;
        this.eluInput = eluInput;
        this.bias = bias;
        this.weight = weight;
    }

    /**
     * Loads {@code <name>.weight} [out, in, k] and, when {@code hasBias}, {@code <name>.bias}. With
     * {@code eluInput} the convolution applies ELU to its input as it copies it behind the history,
     * which is what SEANet's ELU-then-convolution pairs need, without a copy of their own.
     */
    static StreamingConv1d load(Weights w, String name, int in, int out, int kernel, int stride, int dilation,
                                boolean replicate, boolean eluInput, boolean hasBias) {
        Weights s = w.scope(name);
        return new StreamingConv1d(in, out, kernel, stride, dilation, replicate, eluInput,
                s.convolution("weight", out, in, kernel, WeightFormat.AS_STORED), hasBias ? s.vector("bias", out) : null);
    }

    private int history() {
        return (kernel - 1) * dilation + 1 - stride;
    }

    /** Streaming state: the input frames carried over to the next call, and the buffers a call reuses. */
    static final class State {
        /** The last input frames of the previous call (its history for this one). */
        final float[] previous;
        /** Whether no input has been seen yet (replicate padding copies the first frame then). */
        boolean first = true;
        /** The history followed by the new input. */
        final Buffer input = new Buffer();
        /** The output: the result of {@link #forward}. */
        final Buffer output = new Buffer();
        /** One dilated input window. */
        final Buffer window = new Buffer();

        State(int size) {
            previous = new float[size];
        }
    }

    @Override
    public State newState() {
        return new State(Math.max(0, history()) * in);
    }

    /**
     * Convolves the next {@code x.frames()} input frames (a multiple of the stride). The result is
     * the state's {@code output} buffer, valid until the next call with the same state; {@code x} is
     * left unchanged.
     */
    @Override
    public Signal forward(Signal x, State s) {
        int frames = x.frames();
        if (x.channels() != in || frames % stride != 0 || frames == 0) {
            throw new IllegalArgumentException("conv input " + frames + "x" + x.channels() + " for in=" + in
                    + " stride=" + stride);
        }
        int h = Math.max(0, history());
        float[] buf;
        if (h == 0 && !eluInput) {
            buf = x.data();
        } else {
            buf = s.input.get((h + frames) * in);
            if (eluInput) {
                Activations.elu(x.data(), 0, buf, h * in, frames * in);
            } else {
                System.arraycopy(x.data(), 0, buf, h * in, frames * in);
            }
            if (h > 0 && replicate && s.first) {
                for (int t = 0; t < h; t++) {
                    System.arraycopy(buf, h * in, s.previous, t * in, in);
                }
            }
            System.arraycopy(s.previous, 0, buf, 0, h * in);
            if (h > 0) {
                System.arraycopy(buf, frames * in, s.previous, 0, h * in);
            }
        }
        s.first = false;
        int outFrames = frames / stride;
        float[] y = s.output.get(outFrames * out);
        if (dilation == 1) {
            K.matmul(buf, 0, stride * in, outFrames, weight, bias, y, 0);
        } else {
            float[] window = s.window.get(kernel * in);
            for (int t = 0; t < outFrames; t++) {
                for (int k = 0; k < kernel; k++) {
                    System.arraycopy(buf, (t * stride + k * dilation) * in, window, k * in, in);
                }
                K.matmul(window, 0, 0, 1, weight, bias, y, t * out);
            }
        }
        return new Signal(y, outFrames, out);
    }
}
