package org.pockettts.mimi;

import java.util.ArrayList;
import java.util.List;
import org.pockettts.config.ModelConfig;
import org.pockettts.nn.StatefulModule;
import org.pockettts.nn.Weights;

/**
 * The SEANet convolutional encoder (audio → 200 Hz features) or decoder (features → audio), a
 * sequence of streaming stages named {@code model.0}, {@code model.1}, … as in the reference.
 */
final class Seanet implements StatefulModule<Seanet.State> {

    private final List<Block<?>> stages;

    private Seanet(List<Block<?>> stages) {
        this.stages = List.copyOf(stages);
    }

    /** The encoder: conv, then per ratio (smallest first) residual units and a strided conv, then ELU and conv. */
    static Seanet encoder(Weights w, ModelConfig.Seanet c) {
        boolean replicate = c.padMode().equals("replicate");
        List<Integer> ratios = new ArrayList<>(c.ratios());
        java.util.Collections.reverse(ratios);
        Stages s = new Stages(w, replicate);
        int channels = c.nFilters();
        s.conv(c.channels(), channels, c.kernelSize(), 1);
        for (int ratio : ratios) {
            s.residualUnits(channels, c);
            s.elu();
            s.conv(channels, channels * 2, ratio * 2, ratio);
            channels *= 2;
        }
        s.elu();
        s.conv(channels, c.dimension(), c.lastKernelSize(), 1);
        return new Seanet(s.stages);
    }

    /** The decoder: conv, then per ratio (largest first) ELU, transposed conv and residual units, then ELU and conv. */
    static Seanet decoder(Weights w, ModelConfig.Seanet c) {
        boolean replicate = c.padMode().equals("replicate");
        Stages s = new Stages(w, replicate);
        int channels = c.nFilters() << c.ratios().size();
        s.conv(c.dimension(), channels, c.kernelSize(), 1);
        for (int ratio : c.ratios()) {
            s.elu();
            s.convTranspose(channels, channels / 2, ratio * 2, ratio);
            channels /= 2;
            s.residualUnits(channels, c);
        }
        s.elu();
        s.conv(c.nFilters(), c.channels(), c.lastKernelSize(), 1);
        return new Seanet(s.stages);
    }

    /** One stage with its state, so that the stage's state type stays checked without casts. */
    private record Bound<S>(Block<S> block, S state) {

        static <S> Bound<S> of(Block<S> block) {
            return new Bound<>(block, block.newState());
        }

        Signal forward(Signal x) {
            return block.forward(x, state);
        }
    }

    /** The states of every stage of one stream, in order. */
    static final class State {
        private final List<Bound<?>> stages;

        private State(List<Bound<?>> stages) {
            this.stages = stages;
        }
    }

    @Override
    public State newState() {
        List<Bound<?>> bound = new ArrayList<>();
        for (Block<?> stage : stages) {
            bound.add(Bound.of(stage));
        }
        return new State(List.copyOf(bound));
    }

    /** Runs the stages in turn; the result is the last stage's output buffer, valid until the next call. */
    Signal forward(Signal x, State state) {
        for (Bound<?> stage : state.stages) {
            x = stage.forward(x);
        }
        return x;
    }

    /** Builds the stage list, numbering the stages as the weight names do. */
    private static final class Stages {
        final Weights w;
        final boolean replicate;
        final List<Block<?>> stages = new ArrayList<>();
        /** The module index of the next stage: ELUs count, though they are folded into the next convolution. */
        int index;
        boolean elu;

        Stages(Weights w, boolean replicate) {
            this.w = w;
            this.replicate = replicate;
        }

        private String next() {
            return "model." + index++;
        }

        /** An ELU: applied by the convolution that follows it. */
        void elu() {
            index++;
            elu = true;
        }

        private boolean takeElu() {
            boolean e = elu;
            elu = false;
            return e;
        }

        void conv(int in, int out, int kernel, int stride) {
            String name = next() + ".conv";
            stages.add(StreamingConv1d.load(w, name, in, out, kernel, stride, 1, replicate, takeElu(), true));
        }

        void convTranspose(int in, int out, int kernel, int stride) {
            String name = next() + ".convtr";
            stages.add(StreamingConvTranspose1d.load(w, name, in, out, kernel, stride, takeElu(), true));
        }

        void residualUnits(int channels, ModelConfig.Seanet c) {
            int hidden = channels / c.compress();
            int dilation = 1;
            for (int j = 0; j < c.nResidualLayers(); j++) {
                Weights block = w.scope(next() + ".block");
                takeElu();
                stages.add(new SeanetResBlock(
                        StreamingConv1d.load(block, "1.conv", channels, hidden, c.residualKernelSize(), 1, dilation,
                                replicate, true, true),
                        StreamingConv1d.load(block, "3.conv", hidden, channels, 1, 1, 1, replicate, true, true)));
                dilation *= c.dilationBase();
            }
        }
    }
}
