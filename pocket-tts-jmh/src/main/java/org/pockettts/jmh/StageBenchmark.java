package org.pockettts.jmh;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pockettts.benchmark.RandomTensors;
import org.pockettts.config.ModelConfig;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;
import org.pockettts.kernels.RowTable;
import org.pockettts.kernels.WorkerPool;
import org.pockettts.mimi.Mimi;
import org.pockettts.nn.Cancellation;
import org.pockettts.nn.Weights;

/**
 * The stages of one 80 ms frame of the full-size model (seeded random weights), each alone on an
 * otherwise idle machine: a FlowLM step (transformer and flow), a Mimi decode, and, as the floor
 * of the FlowLM step, streaming its 151 MB of bfloat16 matrices through matrix-vector products.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xmx1g"})
public class StageBenchmark {

    @Param({"1", "2"})
    public int threads;

    private FlowLm flowLm;
    private Mimi.Decoder decoder;
    private FlowLm.State voice;
    private FlowLm.State state;
    private FlowLm.Sampling sampling;
    private float[] latent;
    private Matrix[] flowLmMatrices;
    private final float[] x = new float[4096];
    private final float[] y = new float[4096];

    @Setup
    public void setup() {
        WorkerPool.configure(threads);
        ModelConfig config = ModelConfig.builtin(ModelConfig.DEFAULT_VARIANT);
        Weights w = new Weights(new RandomTensors(42));
        flowLm = FlowLm.load(config, w);
        decoder = Mimi.load(config, w).newDecoder();
        voice = flowLm.newState();
        SplittableRandom r = new SplittableRandom(1);
        float[] conditioning = new float[125 * flowLm.dim()];
        for (int i = 0; i < conditioning.length; i++) {
            conditioning[i] = (float) r.nextGaussian();
        }
        flowLm.prompt(voice, conditioning, 125, Cancellation.NEVER);
        state = voice.branch(FlowLm.MAX_POSITIONS);
        sampling = new FlowLm.Sampling(1, 0.7f, null, new SplittableRandom(2));
        latent = new float[flowLm.latentDim()];
        RandomTensors bits = new RandomTensors(7);
        flowLmMatrices = new Matrix[24];
        for (int layer = 0; layer < 6; layer++) {
            flowLmMatrices[4 * layer] = bf16(3072, 1024, bits.bf16("in" + layer, 3072, 1024));
            flowLmMatrices[4 * layer + 1] = bf16(1024, 1024, bits.bf16("out" + layer, 1024, 1024));
            flowLmMatrices[4 * layer + 2] = bf16(4096, 1024, bits.bf16("ff1" + layer, 4096, 1024));
            flowLmMatrices[4 * layer + 3] = bf16(1024, 4096, bits.bf16("ff2" + layer, 1024, 4096));
        }
    }

    private static Matrix bf16(int rows, int cols, short[] bits) {
        return Matrix.pack(Arena.ofAuto(), RowTable.ofBf16(rows, cols, bits), Matrix.Storage.BF16);
    }

    /** One FlowLM step: transformer over the KV cache, then the flow network. */
    @Benchmark
    public float flowLmStep() {
        if (state.length() > 800) {
            state = voice.branch(FlowLm.MAX_POSITIONS);
        }
        FlowLm.Frame frame = flowLm.step(state, latent, sampling, Cancellation.NEVER);
        latent = frame.latent();
        return frame.eosLogit();
    }

    /** One Mimi frame: 32 latent values to 1920 samples. */
    @Benchmark
    public float[] mimiDecode() {
        return decoder.decode(latent);
    }

    /** The FlowLM transformer's matrix-vector products alone: its weights read once. */
    @Benchmark
    public float[] flowLmWeightStream() {
        Kernels k = Kernels.get();
        for (Matrix m : flowLmMatrices) {
            k.matmul(x, 0, m.cols(), 1, m, null, y, 0);
        }
        return y;
    }
}
