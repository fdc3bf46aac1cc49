package org.pockettts.kernels;

/**
 * One matrix product cut into parts for the {@link WorkerPool}: by blocks of rows when there are
 * many (Mimi's late convolutions: thousands of rows, small weights), else by blocks of outputs
 * (FlowLM: one row, large weights), so that each part reads a disjoint share of the weights. Each
 * output value is computed whole by one thread, so results do not depend on the split.
 *
 * <p>Each submitting thread keeps one instance, with its scratch for permuted activations.
 */
final class MatmulTask extends ParallelTask {

    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_MACS = 1L << 17;
    /** Smallest share of a part, in multiply-adds, so that claiming it costs little in comparison. */
    private static final long PART_MACS = 1L << 16;
    /** Output blocks are multiples of the tile widths (2, 3 and 4). */
    private static final int OUTPUT_GRAIN = 12;
    private static final int ROW_GRAIN = 4;

    private float[] x;
    private int xOff;
    private int xStride;
    private int rows;
    private Matrix w;
    private float[] bias;
    private float[] y;
    private int yOff;
    private float[] permuted = new float[0];
    private boolean byRows;
    private int step;

    void multiply(WorkerPool pool, float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y,
                  int yOff) {
        int out = w.rows();
        int cols = w.cols();
        if (w.isBf16()) {
            if (permuted.length < rows * cols) {
                permuted = new float[rows * cols];
            }
            MatmulBf16.permute(x, xOff, xStride, rows, cols, permuted);
        }
        long macs = (long) rows * out * cols;
        int threads = pool.threads();
        if (threads == 1 || macs < PARALLEL_MACS) {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, 0, out);
            return;
        }
        int wanted = (int) Math.max(1, Math.min(4L * threads, macs / PART_MACS));
        this.byRows = rows >= 64;
        int extent = byRows ? rows : out;
        int grain = byRows ? ROW_GRAIN : OUTPUT_GRAIN;
        int size = Math.max(grain, (extent + wanted - 1) / wanted / grain * grain);
        int parts = (extent + size - 1) / size;
        if (parts == 1) {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, 0, out);
            return;
        }
        this.x = x;
        this.xOff = xOff;
        this.xStride = xStride;
        this.rows = rows;
        this.w = w;
        this.bias = bias;
        this.y = y;
        this.yOff = yOff;
        this.step = size;
        try {
            pool.run(this, parts);
        } finally {
            this.x = null;
            this.w = null;
            this.bias = null;
            this.y = null;
        }
    }

    @Override
    protected void runPart(int part) {
        int from = part * step;
        if (byRows) {
            compute(x, xOff, xStride, w, bias, y, yOff, from, Math.min(rows, from + step), 0, w.rows());
        } else {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, from, Math.min(w.rows(), from + step));
        }
    }

    private void compute(float[] x, int xOff, int xStride, Matrix w, float[] bias, float[] y, int yOff, int r0, int r1,
                         int o0, int o1) {
        if (w.isBf16()) {
            MatmulBf16.run(permuted, r0, r1, w.pairs(), w.cols(), w.rows(), o0, o1, bias, y, yOff);
        } else {
            MatmulF32.run(x, xOff, xStride, r0, r1, w.data(), w.cols(), w.rows(), o0, o1, bias, y, yOff);
        }
    }
}
