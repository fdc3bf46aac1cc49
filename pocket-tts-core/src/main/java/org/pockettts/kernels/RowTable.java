package org.pockettts.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A row-major table of {@code rows × cols} float32 or bfloat16 values read in place, typically a
 * tensor of a memory-mapped safetensors file: nothing is copied onto the heap. It serves the
 * tensors used as stored, read a row at a time (text embeddings), and it is the source
 * {@link Matrix#pack} repacks a weight from, one row at a time, without a heap copy of the whole
 * tensor.
 *
 * <p>A view lives as long as its segment: reading it after the segment's arena closed (the file
 * unmapped) throws {@link IllegalStateException}.
 */
public final class RowTable {

    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32_NATIVE = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfShort I16_NATIVE = ValueLayout.JAVA_SHORT_UNALIGNED;

    private final MemorySegment data;
    private final int rows;
    private final int cols;
    private final boolean bf16;
    private final ValueLayout.OfFloat floats;
    private final ValueLayout.OfShort shorts;

    private RowTable(MemorySegment data, int rows, int cols, boolean bf16, boolean littleEndian) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("a table cannot be " + rows + "x" + cols);
        }
        long bytes = (long) rows * cols * (bf16 ? 2 : 4);
        if (data.byteSize() != bytes) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + (bf16 ? " bfloat16" : " float32")
                    + " table needs " + bytes + " bytes, the segment has " + data.byteSize());
        }
        this.data = data;
        this.rows = rows;
        this.cols = cols;
        this.bf16 = bf16;
        this.floats = littleEndian ? F32_LE : F32_NATIVE;
        this.shorts = littleEndian ? I16_LE : I16_NATIVE;
    }

    /** Little-endian float32 values (the safetensors encoding) in {@code data}. */
    public static RowTable f32(MemorySegment data, int rows, int cols) {
        return new RowTable(data, rows, cols, false, true);
    }

    /** Little-endian bfloat16 values (the safetensors encoding) in {@code data}. */
    public static RowTable bf16(MemorySegment data, int rows, int cols) {
        return new RowTable(data, rows, cols, true, true);
    }

    /** Float32 values of a heap array. */
    public static RowTable of(int rows, int cols, float[] rowMajor) {
        return new RowTable(MemorySegment.ofArray(rowMajor), rows, cols, false, false);
    }

    /** The raw bits of bfloat16 values in a heap array. */
    public static RowTable ofBf16(int rows, int cols, short[] bits) {
        return new RowTable(MemorySegment.ofArray(bits), rows, cols, true, false);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Whether the values are bfloat16. */
    public boolean isBf16() {
        return bf16;
    }

    /** Value at ({@code r}, {@code c}), widened to float32 (exact). */
    public float get(int r, int c) {
        long i = index(r, c);
        return bf16 ? Float.intBitsToFloat(data.get(shorts, 2 * i) << 16) : data.get(floats, 4 * i);
    }

    /** Copies the raw bits of bfloat16 row {@code r} into {@code dst}. */
    void copyRowBits(int r, short[] dst) {
        MemorySegment.copy(data, shorts, 2 * index(r, 0), dst, 0, cols);
    }

    /** Copies row {@code r} as float32 into {@code dst[off …]}. */
    public void copyRow(int r, float[] dst, int off) {
        long start = index(r, 0);
        if (!bf16) {
            MemorySegment.copy(data, floats, 4 * start, dst, off, cols);
            return;
        }
        for (int c = 0; c < cols; c++) {
            dst[off + c] = Float.intBitsToFloat(data.get(shorts, 2 * (start + c)) << 16);
        }
    }

    private long index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= Math.max(cols, 1)) {
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside a " + rows + "x" + cols + " table");
        }
        return (long) r * cols + c;
    }
}
