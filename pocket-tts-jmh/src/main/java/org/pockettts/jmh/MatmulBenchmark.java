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
import org.pockettts.kernels.RowTable;
import org.pockettts.kernels.VectorWidth;
import org.pockettts.kernels.WorkerPool;

/**
 * Matrix products of the shapes the model runs, per call. Shapes are {@code rows:in:out}: FlowLM
 * single-frame steps (1 row, memory bound), FlowLM prompts (about 100 rows), Mimi's transformer
 * (16 rows) and SEANet convolutions (many rows, small weights).
 *
 * <p>{@code storage} is the weights' {@link Matrix.Storage} ({@code f32}, {@code bf16} or
 * {@code int8}). {@code footprint=cache} multiplies by one matrix again and again, so it stays in
 * the last-level cache; {@code footprint=memory} cycles through enough copies (at least 96 MB) that
 * every call streams its weights from main memory, as the model's steps do. {@code vectorBits}
 * forces the kernels' {@link VectorWidth} (empty: the machine's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class MatmulBenchmark {

    private static final long MEMORY_FOOTPRINT = 96L << 20;

    @Param({"1:1024:3072", "1:1024:1024", "1:1024:4096", "1:4096:1024", "100:1024:3072", "16:512:2048",
        "96:768:128", "1920:192:32"})
    public String shape;

    @Param({"f32", "bf16", "int8"})
    public String storage;

    @Param({"1", "2"})
    public int threads;

    @Param({"cache"})
    public String footprint;

    @Param({""})
    public String vectorBits;

    private Kernels kernels;
    private float[] x;
    private float[] y;
    private int rows;
    private Matrix[] copies;
    private int next;

    @Setup
    public void setup() {
        if (!vectorBits.isEmpty()) {
            System.setProperty(VectorWidth.PROPERTY, vectorBits);
        }
        kernels = Kernels.get();
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
        Matrix.Storage kind = Matrix.Storage.valueOf(storage.toUpperCase(java.util.Locale.ROOT));
        // bfloat16 values, so that every storage packs the same weights.
        short[] bits = new short[out * in];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (short) (Float.floatToIntBits((float) r.nextGaussian() * 0.02f) >>> 16);
        }
        Matrix first = Matrix.pack(java.lang.foreign.Arena.ofAuto(), RowTable.ofBf16(out, in, bits), kind);
        int count = footprint.equals("memory") ? (int) Math.max(2, MEMORY_FOOTPRINT / first.sizeInBytes() + 1) : 1;
        copies = new Matrix[count];
        copies[0] = first;
        for (int i = 1; i < count; i++) {
            copies[i] = Matrix.pack(java.lang.foreign.Arena.ofAuto(), RowTable.ofBf16(out, in, bits), kind);
        }
        WorkerPool.configure(threads);
    }

    @Benchmark
    public float[] matmul() {
        Matrix w = copies[next];
        next = next + 1 == copies.length ? 0 : next + 1;
        kernels.matmul(x, 0, w.cols(), rows, w, null, y, 0);
        return y;
    }
}
