package org.pockettts.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packing weights off the heap, from arrays or from a mapped file, and the matrices' limits. */
class MatrixTest {

    private static final Kernels[] KERNELS = VectorWidth.bits() > 0
            ? new Kernels[] {new VectorKernels(), new ScalarKernels()}
            : new Kernels[] {new ScalarKernels()};

    @TempDir
    Path dir;

    private static float[] gaussian(SplittableRandom r, int n, boolean bf16) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
            if (bf16) {
                a[i] = Float.intBitsToFloat(Float.floatToRawIntBits(a[i]) & 0xFFFF0000);
            }
        }
        return a;
    }

    /** Writes a tensor as safetensors stores it: little-endian float32 or bfloat16 (top halves). */
    private Path write(float[] values, boolean bf16) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(values.length * (bf16 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            if (bf16) {
                b.putShort((short) (Float.floatToRawIntBits(v) >>> 16));
            } else {
                b.putFloat(v);
            }
        }
        Path file = dir.resolve(bf16 ? "bf16.bin" : "f32.bin");
        Files.write(file, b.array());
        return file;
    }

    @Test
    void aMappedTensorIsReadInPlaceAndPacksAsTheSameValuesOnTheHeap() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        int rows = 37;
        int cols = 29;
        for (boolean bf16 : new boolean[] {false, true}) {
            float[] values = gaussian(r, rows * cols, bf16);
            try (Arena arena = Arena.ofShared();
                 FileChannel channel = FileChannel.open(write(values, bf16), StandardOpenOption.READ)) {
                MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
                RowTable view = bf16 ? RowTable.bf16(mapped, rows, cols) : RowTable.f32(mapped, rows, cols);
                float[] row = new float[cols + 1];
                for (int i = 0; i < rows; i++) {
                    view.copyRow(i, row, 1);
                    for (int c = 0; c < cols; c++) {
                        assertThat(row[1 + c]).isEqualTo(values[i * cols + c]);
                        assertThat(view.get(i, c)).isEqualTo(values[i * cols + c]);
                    }
                }
                for (Matrix.Storage storage : Matrix.Storage.values()) {
                    if (storage == Matrix.Storage.BF16 && !bf16) {
                        continue;
                    }
                    Matrix fromFile = Matrix.pack(arena, view, storage);
                    Matrix fromHeap = Matrix.pack(Arena.ofAuto(), RowTable.of(rows, cols, values), storage);
                    assertThat(fromFile.storage()).isEqualTo(storage);
                    for (int i = 0; i < rows; i++) {
                        for (int c = 0; c < cols; c++) {
                            assertThat(fromFile.get(i, c)).isEqualTo(fromHeap.get(i, c));
                            if (storage != Matrix.Storage.INT8) {
                                assertThat(fromFile.get(i, c)).isEqualTo(values[i * cols + c]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void int8ValuesAreWithinHalfAStepOfTheWeights() {
        SplittableRandom r = new SplittableRandom(9);
        int rows = 2 * Matrix.PANEL + 3;
        int cols = 50;
        float[] w = gaussian(r, rows * cols, false);
        java.util.Arrays.fill(w, 3 * cols, 4 * cols, 0f);
        Matrix m = Matrix.pack(Arena.ofAuto(), RowTable.of(rows, cols, w), Matrix.Storage.INT8);
        for (int i = 0; i < rows; i++) {
            double amax = 0;
            for (int c = 0; c < cols; c++) {
                amax = Math.max(amax, Math.abs(w[i * cols + c]));
            }
            double step = amax / 127;
            for (int c = 0; c < cols; c++) {
                assertThat((double) m.get(i, c)).isCloseTo(w[i * cols + c],
                        org.assertj.core.data.Offset.offset(step / 2 * 1.0001));
            }
        }
        assertThat(m.get(3, 7)).isZero();
        assertThat(m.sizeInBytes()).isEqualTo((long) Matrix.panelCount(rows) * Matrix.PANEL * (cols + 4));
    }

    @Test
    void storagesTakeFourTwoAndOneBytesPerPaddedValue() {
        int rows = Matrix.PANEL + 1;
        float[] w = gaussian(new SplittableRandom(1), rows * 10, true);
        long padded = 2L * Matrix.PANEL * 10;
        assertThat(Matrix.pack(Arena.ofAuto(), RowTable.of(rows, 10, w), Matrix.Storage.F32).sizeInBytes())
                .isEqualTo(4 * padded);
        assertThat(Matrix.pack(Arena.ofAuto(), RowTable.of(rows, 10, w), Matrix.Storage.BF16).sizeInBytes())
                .isEqualTo(2 * padded);
        assertThat(Matrix.bf16Exact(RowTable.of(rows, 10, w))).isTrue();
        w[3] = 0.1f;
        assertThat(Matrix.bf16Exact(RowTable.of(rows, 10, w))).isFalse();
    }

    @Test
    void bfloat16StorageRefusesAValueThatIsNotOne() {
        float[] w = {1f, 0.1f, 2f, 3f};
        assertThatThrownBy(() -> Matrix.pack(Arena.ofAuto(), RowTable.of(2, 2, w), Matrix.Storage.BF16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("value (0, 1) = 0.1 is not a bfloat16; store the matrix as float32");
    }

    @Test
    void aConfinedArenaIsRefusedSinceProductsRunOnSeveralThreads() {
        try (Arena confined = Arena.ofConfined()) {
            assertThatThrownBy(() -> Matrix.pack(confined, RowTable.of(1, 1, new float[] {1}), Matrix.Storage.F32))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("an arena that any thread may read");
        }
    }

    @Test
    void aMatrixUsedAfterItsArenaClosedFailsWithAMessage() {
        Arena arena = Arena.ofShared();
        Matrix m = Matrix.pack(arena, RowTable.of(2, 3, new float[6]), Matrix.Storage.F32);
        arena.close();
        for (Kernels k : KERNELS) {
            assertThatThrownBy(() -> k.matmul(new float[3], 0, 3, 1, m, null, new float[2], 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a 2x3 weight matrix was used after the arena holding it was closed"
                            + " (the model it belongs to was closed)");
        }
    }

    @Test
    void closingTheArenaWhileProductsRunOnAnotherThreadFailsThemWithoutACrash() throws InterruptedException {
        int rows = 512;
        int cols = 1024;
        float[] w = gaussian(new SplittableRandom(2), rows * cols, true);
        for (Kernels k : KERNELS) {
            for (Matrix.Storage storage : Matrix.Storage.values()) {
                Arena arena = Arena.ofShared();
                Matrix m = Matrix.pack(arena, RowTable.of(rows, cols, w), storage);
                java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                        new java.util.concurrent.atomic.AtomicReference<>();
                Thread t = Thread.ofPlatform().start(() -> {
                    float[] x = new float[cols];
                    float[] y = new float[rows];
                    try {
                        while (true) {
                            k.matmul(x, 0, cols, 1, m, null, y, 0);
                            running.countDown();
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                assertThat(running.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                arena.close();
                t.join(30_000);
                assertThat(t.isAlive()).isFalse();
                assertThat(failure.get()).as("%s, %s", k, storage).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void int8ProductsReachTheColumnLimitWithoutOverflowAndRefuseOneMore() {
        int cols = Matrix.MAX_INT8_COLS;
        float[] w = new float[cols];
        float[] x = new float[cols];
        java.util.Arrays.fill(w, -1f);
        java.util.Arrays.fill(x, 1f);
        Matrix m = Matrix.pack(Arena.ofAuto(), RowTable.of(1, cols, w), Matrix.Storage.INT8);
        for (Kernels k : KERNELS) {
            float[] y = new float[1];
            k.matmul(x, 0, cols, 1, m, null, y, 0);
            // Every product is 127·(−127): the sum is −2147479576, one step short of overflowing.
            assertThat((double) y[0]).isCloseTo(-cols, org.assertj.core.data.Offset.offset(cols * 1e-6));
        }
        assertThatThrownBy(() -> Matrix.pack(Arena.ofAuto(), RowTable.of(1, cols + 1, new float[cols + 1]),
                Matrix.Storage.INT8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an int8 matrix may have at most 133144 columns (its int32 sums could overflow), this one"
                        + " has 133145; keep it as float32 or bfloat16");
    }

    @Test
    void aTableMustMatchItsSegmentAndItsIndices() {
        assertThatThrownBy(() -> RowTable.f32(MemorySegment.ofArray(new byte[10]), 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a 2x2 float32 table needs 16 bytes, the segment has 10");
        RowTable t = RowTable.of(2, 2, new float[4]);
        assertThatThrownBy(() -> t.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("(2, 0) outside a 2x2 table");
    }
}
