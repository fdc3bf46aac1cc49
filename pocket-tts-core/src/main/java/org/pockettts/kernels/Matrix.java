package org.pockettts.kernels;

/**
 * A weight matrix of {@code rows × cols} values: a PyTorch {@code Linear} weight [out, in]. Kernels
 * multiply activations by its transpose, one output per row.
 *
 * <p>The values are packed at load into the layout the kernels read: panels of {@link #PANEL}
 * consecutive rows (outputs), and within a panel, for each column, the panel's {@code PANEL}
 * values side by side. A product then streams each panel once per tile of activation rows,
 * broadcasting one activation against two vectors of outputs, with no horizontal sums; each output
 * is a plain sequential sum over the columns, whatever the tiling or thread split. The last panel
 * is padded with zero rows.
 *
 * <p>Values are stored as float32, or as bfloat16 when the weights are bfloat16 to begin with (as
 * in the model files): widening bfloat16 to float32 is exact, so both compute the same numbers, and
 * the bfloat16 form halves the memory traffic of matrix-vector products, which are limited by it.
 * Bfloat16 values are kept in pairs, one {@code int} holding the values of rows {@code k} (low
 * half) and {@code k + PANEL/2} (high half) of a panel at one column, so that one integer vector
 * load yields both halves of the panel as two float vectors with a shift and a mask.
 */
public final class Matrix {

    /** Rows per panel: two 256-bit vectors of floats. */
    public static final int PANEL = 16;

    private final int rows;
    private final int cols;
    private final float[] panels;
    private final int[] pairs;

    /** A float32 matrix from its values, row-major. */
    public Matrix(int rows, int cols, float[] rowMajor) {
        if ((long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " cannot hold " + rowMajor.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.pairs = null;
        this.panels = new float[Math.multiplyExact(panelCount(rows) * PANEL, cols)];
        for (int r = 0; r < rows; r++) {
            int base = (r / PANEL) * PANEL * cols + r % PANEL;
            for (int c = 0; c < cols; c++) {
                panels[base + c * PANEL] = rowMajor[r * cols + c];
            }
        }
    }

    private Matrix(int rows, int cols, int[] pairs) {
        this.rows = rows;
        this.cols = cols;
        this.panels = null;
        this.pairs = pairs;
    }

    /** Whether a matrix with this many columns can be stored as bfloat16 (always: pairs run along rows). */
    public static boolean canPackBf16(int cols) {
        return true;
    }

    /** A bfloat16 matrix from the raw bits of its values, row-major. */
    public static Matrix ofBf16(int rows, int cols, short[] bits) {
        if ((long) rows * cols != bits.length) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " cannot hold " + bits.length
                    + " bfloat16 values");
        }
        int half = PANEL / 2;
        int[] pairs = new int[Math.multiplyExact(panelCount(rows) * half, cols)];
        for (int r = 0; r < rows; r++) {
            int base = (r / PANEL) * half * cols + (r % PANEL) % half;
            int shift = (r % PANEL) < half ? 0 : 16;
            for (int c = 0; c < cols; c++) {
                pairs[base + c * half] |= (bits[r * cols + c] & 0xFFFF) << shift;
            }
        }
        return new Matrix(rows, cols, pairs);
    }

    /**
     * A matrix from row-major values, stored as bfloat16 when every value is exactly a bfloat16
     * (as when they come from a bfloat16 file, whatever repacking happened since), else as
     * float32: the choice never changes a number.
     */
    public static Matrix compact(int rows, int cols, float[] rowMajor) {
        for (float v : rowMajor) {
            if ((Float.floatToRawIntBits(v) & 0xFFFF) != 0) {
                return new Matrix(rows, cols, rowMajor);
            }
        }
        short[] bits = new short[rowMajor.length];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = (short) (Float.floatToRawIntBits(rowMajor[i]) >>> 16);
        }
        return ofBf16(rows, cols, bits);
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

    /** Whether the values are stored as bfloat16. */
    public boolean isBf16() {
        return pairs != null;
    }

    /** Float32 panels, or null for bfloat16 storage. */
    float[] panels() {
        return panels;
    }

    /** Bfloat16 panels of pairs, or null for float32 storage. */
    int[] pairs() {
        return pairs;
    }

    /** Value at ({@code r}, {@code c}). */
    public float get(int r, int c) {
        if (panels != null) {
            return panels[(r / PANEL) * PANEL * cols + c * PANEL + r % PANEL];
        }
        int half = PANEL / 2;
        int pair = pairs[(r / PANEL) * half * cols + c * half + (r % PANEL) % half];
        return Float.intBitsToFloat((r % PANEL) < half ? pair << 16 : pair & 0xFFFF0000);
    }

    /** Copies row {@code r} as float32 into {@code dst[off …]}. */
    public void copyRow(int r, float[] dst, int off) {
        for (int c = 0; c < cols; c++) {
            dst[off + c] = get(r, c);
        }
    }

    /** Bytes held by the values. */
    public long sizeInBytes() {
        return panels != null ? 4L * panels.length : 4L * pairs.length;
    }
}
