package org.pockettts.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pockettts.kernels.Activations;

/** Activations over 4096 values (one FlowLM feed-forward row): vector versions against the exact ones. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ActivationBenchmark {

    private final float[] source = new float[4096];
    private final float[] x = new float[4096];

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < source.length; i++) {
            source[i] = (float) (r.nextGaussian() * 2);
        }
    }

    @Benchmark
    public float[] gelu() {
        System.arraycopy(source, 0, x, 0, x.length);
        Activations.gelu(x, 0, x.length);
        return x;
    }

    @Benchmark
    public float[] geluExact() {
        System.arraycopy(source, 0, x, 0, x.length);
        Activations.geluExact(x, 0, x.length);
        return x;
    }

    @Benchmark
    public float[] elu() {
        System.arraycopy(source, 0, x, 0, x.length);
        Activations.elu(x, 0, x.length);
        return x;
    }

    @Benchmark
    public float[] eluExact() {
        System.arraycopy(source, 0, x, 0, x.length);
        Activations.eluExact(x, 0, x.length);
        return x;
    }

    @Benchmark
    public double softmaxExp() {
        System.arraycopy(source, 0, x, 0, 1000);
        return Activations.expShifted(x, 0, 1000, 10f);
    }
}
