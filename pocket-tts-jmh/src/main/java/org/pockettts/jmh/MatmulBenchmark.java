package org.pockettts.jmh;

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
import org.pockettts.kernels.Kernels;
import org.pockettts.kernels.Matrix;
import org.pockettts.kernels.WorkerPool;

/**
 * Matrix products of the shapes the model runs, per call. Shapes are {@code rows x in -> out}:
 * FlowLM single-frame steps (1 row, bfloat16 weights, memory bound), FlowLM prompts (bfloat16,
 * many rows), Mimi's transformer (16 rows) and SEANet convolutions (float32, many rows).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatmulBenchmark {

    /** rows:in:out:storage. */
    @Param({"1:1024:4096:bf16", "1:4096:1024:bf16", "1:1024:3072:bf16", "1:1024:4096:f32", "32:1024:4096:bf16",
        "16:512:2048:f32", "16:3584:512:f32", "96:768:128:f32", "1920:192:32:f32"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private final Kernels kernels = Kernels.get();
    private float[] x;
    private float[] y;
    private int rows;
    private Matrix w;

    @Setup
    public void setup() {
        String[] p = shape.split(":");
        rows = Integer.parseInt(p[0]);
        int in = Integer.parseInt(p[1]);
        int out = Integer.parseInt(p[2]);
        SplittableRandom r = new SplittableRandom(1);
        x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        y = new float[rows * out];
        if (p[3].equals("bf16")) {
            short[] bits = new short[out * in];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = (short) (Float.floatToIntBits((float) r.nextGaussian() * 0.02f) >>> 16);
            }
            w = Matrix.ofBf16(out, in, bits);
        } else {
            float[] data = new float[out * in];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) r.nextGaussian() * 0.02f;
            }
            w = new Matrix(out, in, data);
        }
        WorkerPool.configure(threads);
    }

    @Benchmark
    public float[] matmul() {
        kernels.matmul(x, 0, w.cols(), rows, w, null, y, 0);
        return y;
    }
}
