package org.pockettts.mimi;

/**
 * SEANet's residual unit: {@code x + conv₂(elu(conv₁(elu(x))))}, the first convolution narrowing
 * the channels by the compression factor, the second (kernel 1) widening them back.
 */
final class SeanetResBlock implements Block<SeanetResBlock.State> {

    private final StreamingConv1d conv1;
    private final StreamingConv1d conv2;

    SeanetResBlock(StreamingConv1d conv1, StreamingConv1d conv2) {
        this.conv1 = conv1;
        this.conv2 = conv2;
    }

    /** The states of the two convolutions. */
    record State(StreamingConv1d.State conv1, StreamingConv1d.State conv2) {
    }

    @Override
    public State newState() {
        return new State(conv1.newState(), conv2.newState());
    }

    /** The result is the second convolution's output buffer, valid until the next call with the same state. */
    @Override
    public Signal forward(Signal x, State state) {
        // Both convolutions apply the ELU before them to their own copy of the input, so x stays intact.
        Signal v = conv2.forward(conv1.forward(x, state.conv1()), state.conv2());
        float[] y = v.data();
        float[] in = x.data();
        for (int i = 0; i < x.frames() * x.channels(); i++) {
            y[i] += in[i];
        }
        return v;
    }
}
