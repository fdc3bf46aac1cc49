package org.pockettts.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A table of {@code rows × cols} float32 or bfloat16 values read in place, typically a tensor of a
 * memory-mapped safetensors file: nothing is copied onto the heap. It serves the tensors used as
 * stored, read a row at a time (text embeddings), and it is the source {@link Matrix#pack} repacks a
 * weight from, one row at a time, without a heap copy of the whole tensor.
 *
 * <p>A table is row-major as stored, or a view that reorders a stored convolution weight into the
 * matrix its kernels multiply by ({@link #kernelMajor}, {@link #transposedKernelMajor}): value
 * ({@code r}, {@code c}) is stored at element
 * {@code (r / rowGroup)·rowOuter + (r % rowGroup)·rowInner + (c / colGroup)·colOuter + (c % colGroup)·colInner}.
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
    private final int rowGroup;
    private final long rowOuter;
    private final long rowInner;
    private final int colGroup;
    private final long colOuter;
    private final long colInner;

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
        this.rowGroup = 1;
        this.rowOuter = cols;
        this.rowInner = 0;
        this.colGroup = 1;
        this.colOuter = 1;
        this.colInner = 0;
    }

    private RowTable(RowTable stored, int rows, int cols, int rowGroup, long rowOuter, long rowInner, int colGroup,
                     long colOuter, long colInner) {
        this.data = stored.data;
        this.rows = rows;
        this.cols = cols;
        this.bf16 = stored.bf16;
        this.floats = stored.floats;
        this.shorts = stored.shorts;
        this.rowGroup = rowGroup;
        this.rowOuter = rowOuter;
        this.rowInner = rowInner;
        this.colGroup = colGroup;
        this.colOuter = colOuter;
        this.colInner = colInner;
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

    /**
     * A convolution weight [out, in, kernel] (this table, stored as [out, in·kernel]) seen as the
     * matrix [out, kernel·in] whose row holds, for each kernel tap, the {@code in} channels: the
     * layout in which a convolution over time-major frames is one product.
     */
    public RowTable kernelMajor(int in, int kernel) {
        requireStored(in, kernel, cols);
        return new RowTable(this, rows, cols, 1, cols, 0, in, 1, kernel);
    }

    /**
     * A transposed convolution weight [in, out, kernel] (this table, stored as [in, out·kernel]) seen
     * as the matrix [kernel·out, in]: row {@code k·out + o} holds the weights from every input
     * channel to output channel {@code o} at tap {@code k}.
     */
    public RowTable transposedKernelMajor(int out, int kernel) {
        requireStored(out, kernel, cols);
        return new RowTable(this, cols, rows, out, 1, kernel, 1, cols, 0);
    }

    private void requireStored(int channels, int kernel, int width) {
        if (rowGroup != 1 || rowOuter != cols || colGroup != 1 || colOuter != 1) {
            throw new IllegalStateException("only a table as stored can be seen another way");
        }
        if ((long) channels * kernel != width) {
            throw new IllegalArgumentException(channels + " channels of a kernel of " + kernel + " are not the "
                    + width + " values of a row");
        }
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
        long start = index(r, 0);
        if (contiguousRows()) {
            MemorySegment.copy(data, shorts, 2 * start, dst, 0, cols);
            return;
        }
        for (int c = 0; c < cols; c++) {
            dst[c] = data.get(shorts, 2 * (start + columnOffset(c)));
        }
    }

    /** Copies row {@code r} as float32 into {@code dst[off …]}. */
    public void copyRow(int r, float[] dst, int off) {
        long start = index(r, 0);
        if (!bf16 && contiguousRows()) {
            MemorySegment.copy(data, floats, 4 * start, dst, off, cols);
            return;
        }
        for (int c = 0; c < cols; c++) {
            long i = start + columnOffset(c);
            dst[off + c] = bf16 ? Float.intBitsToFloat(data.get(shorts, 2 * i) << 16) : data.get(floats, 4 * i);
        }
    }

    private boolean contiguousRows() {
        return colGroup == 1 && colOuter == 1;
    }

    private long columnOffset(int c) {
        return (c / colGroup) * colOuter + (c % colGroup) * colInner;
    }

    private long index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= Math.max(cols, 1)) {
            throw new IndexOutOfBoundsException("(" + r + ", " + c + ") outside a " + rows + "x" + cols + " table");
        }
        return (r / rowGroup) * rowOuter + (r % rowGroup) * rowInner + columnOffset(c);
    }
}
