package org.pockettts.mimi;

/**
 * SEANet's residual unit: {@code x + conv₂(elu(conv₁(elu(x))))}, the first convolution narrowing
 * the channels by the compression factor, the second (kernel 1) widening them back.
 */
final class SeanetResBlock implements Block {

    private final StreamingConv1d conv1;
    private final StreamingConv1d conv2;

    SeanetResBlock(StreamingConv1d conv1, StreamingConv1d conv2) {
        this.conv1 = conv1;
        this.conv2 = conv2;
    }

    @Override
    public Object newState() {
        return new Object[] {conv1.newState(), conv2.newState()};
    }

    @Override
    public Signal forward(Signal x, Object state) {
        Object[] s = (Object[]) state;
        // Both convolutions apply the ELU before them to their own copy of the input, so x stays intact.
        Signal v = conv2.forward(conv1.forward(x, s[0]), s[1]);
        float[] y = v.data();
        float[] in = x.data();
        for (int i = 0; i < x.frames() * x.channels(); i++) {
            y[i] += in[i];
        }
        return v;
    }
}
