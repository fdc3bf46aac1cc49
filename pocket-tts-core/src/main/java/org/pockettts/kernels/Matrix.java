package org.pockettts.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A weight matrix of {@code rows × cols} values: a PyTorch {@code Linear} weight [out, in]. Kernels
 * multiply activations by its transpose, one output per row.
 *
 * <p>The values are packed at load into the layout the kernels read: panels of {@link #PANEL}
 * consecutive rows (outputs; two vectors of floats at the {@link VectorWidth}), and within a panel,
 * for each column, the panel's {@code PANEL} values side by side. A product then streams each
 * panel once per tile of activation rows, broadcasting one activation against two vectors of
 * outputs, with no horizontal sums; each output is a plain sequential sum over the columns,
 * whatever the tiling, the thread split or the width. The last panel is padded with zero rows.
 *
 * <p>Three {@linkplain Storage storages}: float32; bfloat16 when the weights are bfloat16 to begin
 * with (as in the model files) — widening is exact, so both compute the same numbers, and bfloat16
 * halves the memory traffic of matrix-vector products, which are limited by it; and int8 with one
 * scale per row ({@link Int8}), which halves it again at the cost of quantization. Bfloat16 values
 * are kept in pairs, one {@code int} holding the values of rows {@code k} (low half) and
 * {@code k + PANEL/2} (high half) of a panel at one column, so that one integer vector load yields
 * the panel's two float vectors with a shift and a mask. Int8 values take a byte each, columns in
 * pairs as {@link Int8} describes.
 *
 * <p>The panels live off the Java heap, in a {@link MemorySegment} of an {@link Arena} chosen by
 * the caller: the loader's arena, closed with the model, frees them at once; {@link Arena#ofAuto()}
 * (tests, benchmarks) leaves them to the garbage collector, some time after the matrix becomes
 * unreachable (which the collector does not hurry for memory it cannot see). Products may run on
 * any thread, so the arena must not be confined. Once its arena is closed a matrix is unusable: a
 * product with it throws {@link IllegalStateException}; close the arena only when no product runs.
 * Native memory from an arena is limited neither by the heap limit ({@code -Xmx}) nor by
 * {@code -XX:MaxDirectMemorySize} (which bounds NIO buffers only): a small heap holds any model.
 */
public final class Matrix {

    /** How the values are stored. */
    public enum Storage {
        /** Float32, exact. */
        F32,
        /** Bfloat16 pairs: exact for values that are bfloat16. */
        BF16,
        /** Int8, symmetric, one scale per row: approximate. */
        INT8
    }

    /** Rows per panel: two vectors of floats at this JVM's {@link VectorWidth}. */
    public static final int PANEL = VectorWidth.BLOCK;
    /** The most columns of an int8 matrix: more could overflow the int32 sum of {@code 127·127} products. */
    public static final int MAX_INT8_COLS = Integer.MAX_VALUE / (Int8.MAX * Int8.MAX);
    private static final int HALF = PANEL / 2;
    private static final long ALIGNMENT = 64;
    private static final Thread SOME_OTHER_THREAD = Thread.ofPlatform().unstarted(() -> { });

    private final int rows;
    private final int cols;
    private final Storage storage;
    private final MemorySegment panels;
    private final float[] scales;

    private Matrix(int rows, int cols, Storage storage, MemorySegment panels, float[] scales) {
        this.rows = rows;
        this.cols = cols;
        this.storage = storage;
        this.panels = panels;
        this.scales = scales;
    }

    /**
     * Packs {@code source} (a tensor of a mapped file, or values on the heap) into panels of
     * {@code storage} in {@code arena}, reading it a row at a time.
     *
     * @throws IllegalArgumentException for {@link Storage#BF16} when a value is not a bfloat16, for
     *     {@link Storage#INT8} beyond {@link #MAX_INT8_COLS} columns, or for a confined arena
     */
    public static Matrix pack(Arena arena, RowTable source, Storage storage) {
        float[] scales = storage == Storage.INT8 ? new float[panelCount(source.rows()) * PANEL] : null;
        return new Matrix(source.rows(), source.cols(), storage, packPanels(arena, source, storage, scales), scales);
    }

    private static MemorySegment packPanels(Arena arena, RowTable source, Storage storage, float[] scales) {
        int rows = source.rows();
        int cols = source.cols();
        if (storage == Storage.INT8 && cols > MAX_INT8_COLS) {
            throw new IllegalArgumentException("an int8 matrix may have at most " + MAX_INT8_COLS + " columns (its"
                    + " int32 sums could overflow), this one has " + cols + "; keep it as float32 or bfloat16");
        }
        long padded = (long) panelCount(rows) * PANEL * cols;
        long bytes = switch (storage) {
            case F32 -> 4 * padded;
            case BF16 -> 2 * padded;
            case INT8 -> (long) panelCount(rows) * PANEL * 2 * Int8.pairs(cols);
        };
        MemorySegment panels;
        try {
            panels = arena.allocate(Math.max(bytes, 1), ALIGNMENT);
        } catch (OutOfMemoryError e) {
            throw new OutOfMemoryError("The weights need more memory than the machine can give (" + e.getMessage()
                    + "); free some memory, or load the model quantized (--quantize)");
        }
        if (!panels.isAccessibleBy(SOME_OTHER_THREAD)) {
            throw new IllegalArgumentException("a matrix needs an arena that any thread may read (shared, global or"
                    + " automatic); products run on several threads");
        }
        switch (storage) {
            case F32 -> packF32(source, panels);
            case BF16 -> packBf16(source, panels);
            case INT8 -> packInt8(source, panels, scales);
        }
        return panels;
    }

    // Each panel is assembled in a heap array and copied into the segment whole: one bulk copy
    // instead of an access per value, which makes loading noticeably faster.

    private static void packF32(RowTable source, MemorySegment panels) {
        int cols = source.cols();
        float[] row = new float[cols];
        float[] panel = new float[PANEL * cols];
        for (int p = 0; p < panelCount(source.rows()); p++) {
            for (int k = 0; k < PANEL && p * PANEL + k < source.rows(); k++) {
                source.copyRow(p * PANEL + k, row, 0);
                for (int c = 0; c < cols; c++) {
                    panel[c * PANEL + k] = row[c];
                }
            }
            if ((p + 1) * PANEL > source.rows()) {
                for (int k = source.rows() - p * PANEL; k < PANEL; k++) {
                    for (int c = 0; c < cols; c++) {
                        panel[c * PANEL + k] = 0;
                    }
                }
            }
            MemorySegment.copy(panel, 0, panels, ValueLayout.JAVA_FLOAT, 4L * p * panel.length, panel.length);
        }
    }

    /** Rows {@code k} and {@code k + PANEL/2} of each panel go together into one int per column. */
    private static void packBf16(RowTable source, MemorySegment panels) {
        int cols = source.cols();
        short[] low = new short[cols];
        short[] high = new short[cols];
        int[] panel = new int[HALF * cols];
        for (int p = 0; p < panelCount(source.rows()); p++) {
            for (int k = 0; k < HALF; k++) {
                bf16Row(source, p * PANEL + k, low);
                bf16Row(source, p * PANEL + k + HALF, high);
                for (int c = 0; c < cols; c++) {
                    panel[c * HALF + k] = (low[c] & 0xFFFF) | high[c] << 16;
                }
            }
            MemorySegment.copy(panel, 0, panels, ValueLayout.JAVA_INT, 4L * p * panel.length, panel.length);
        }
    }

    /** The bfloat16 bits of row {@code r}, zeros beyond the last row. */
    private static void bf16Row(RowTable source, int r, short[] bits) {
        if (r >= source.rows()) {
            java.util.Arrays.fill(bits, (short) 0);
        } else if (source.isBf16()) {
            source.copyRowBits(r, bits);
        } else {
            for (int c = 0; c < bits.length; c++) {
                int value = Float.floatToRawIntBits(source.get(r, c));
                if ((value & 0xFFFF) != 0) {
                    throw new IllegalArgumentException("value (" + r + ", " + c + ") = " + Float.intBitsToFloat(value)
                            + " is not a bfloat16; store the matrix as float32");
                }
                bits[c] = (short) (value >>> 16);
            }
        }
    }

    private static void packInt8(RowTable source, MemorySegment panels, float[] scales) {
        int cols = source.cols();
        int pairs = Int8.pairs(cols);
        float[] row = new float[cols];
        short[] panel = new short[PANEL * pairs];
        for (int p = 0; p < panelCount(source.rows()); p++) {
            java.util.Arrays.fill(panel, (short) 0);
            for (int k = 0; k < PANEL && p * PANEL + k < source.rows(); k++) {
                int r = p * PANEL + k;
                source.copyRow(r, row, 0);
                float amax = Int8.amax(row, 0, cols);
                float inverse = Int8.inverse(amax);
                scales[r] = Int8.scale(amax);
                int lane = Int8.lane(k, PANEL);
                for (int c = 0; c < cols; c += 2) {
                    int odd = c + 1 < cols ? Int8.quantize(row[c + 1], inverse) : 0;
                    panel[c / 2 * PANEL + lane] = Int8.pair(Int8.quantize(row[c], inverse), odd);
                }
            }
            MemorySegment.copy(panel, 0, panels, ValueLayout.JAVA_SHORT, 2L * p * panel.length, panel.length);
        }
    }

    /**
     * Whether every value of {@code source} is exactly a bfloat16 (as when they come from a bfloat16
     * file, whatever repacking happened since), so that {@link Storage#BF16} changes no number.
     */
    public static boolean bf16Exact(RowTable source) {
        if (source.isBf16()) {
            return true;
        }
        for (int r = 0; r < source.rows(); r++) {
            for (int c = 0; c < source.cols(); c++) {
                if ((Float.floatToRawIntBits(source.get(r, c)) & 0xFFFF) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Panels needed for {@code rows} rows. */
    public static int panelCount(int rows) {
        return (rows + PANEL - 1) / PANEL;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** How the values are stored. */
    public Storage storage() {
        return storage;
    }

    /** Whether the values are stored as bfloat16. */
    public boolean isBf16() {
        return storage == Storage.BF16;
    }

    /** The panels, in the layout of {@link #storage()}. */
    MemorySegment panels() {
        return panels;
    }

    /** Int8 storage: the scale of each row, zeros for the padding rows of the last panel; else null. */
    float[] scales() {
        return scales;
    }

    /** Throws the documented {@link IllegalStateException} when the arena holding the panels is closed. */
    void checkAlive() {
        if (!panels.scope().isAlive()) {
            throw new IllegalStateException("a " + rows + "x" + cols + " weight matrix was used after the arena"
                    + " holding it was closed (the model it belongs to was closed)");
        }
    }

    /** Value at ({@code r}, {@code c}); for int8, the quantized value times its row's scale. */
    public float get(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside a " + rows + "x" + cols + " matrix");
        }
        long base = (long) (r / PANEL) * PANEL * cols;
        int k = r % PANEL;
        return switch (storage) {
            case F32 -> panels.getAtIndex(ValueLayout.JAVA_FLOAT, base + (long) c * PANEL + k);
            case BF16 -> {
                int pair = panels.getAtIndex(ValueLayout.JAVA_INT, base / 2 + (long) c * HALF + k % HALF);
                yield Float.intBitsToFloat(k < HALF ? pair << 16 : pair & 0xFFFF0000);
            }
            case INT8 -> {
                short pair = panels.getAtIndex(ValueLayout.JAVA_SHORT,
                        ((long) (r / PANEL) * Int8.pairs(cols) + c / 2) * PANEL + Int8.lane(k, PANEL));
                yield (byte) ((c & 1) == 0 ? pair : pair >> 8) * scales[r];
            }
        };
    }

    /** Copies row {@code r} as float32 into {@code dst[off …]}. */
    public void copyRow(int r, float[] dst, int off) {
        for (int c = 0; c < cols; c++) {
            dst[off + c] = get(r, c);
        }
    }

    /** Bytes held by the values (and the int8 scales). */
    public long sizeInBytes() {
        return panels.byteSize() + (scales == null ? 0 : 4L * scales.length);
    }
}
