package org.pockettts.kernels;

/**
 * One matrix product cut into parts for the {@link WorkerPool}: by blocks of rows when there are
 * many (Mimi's late convolutions: thousands of rows, small weights), else by blocks of panels
 * (FlowLM: one row, large weights), so that each part reads a disjoint share of the weights. Each
 * output value is computed whole by one thread, so results do not depend on the split.
 *
 * <p>Products are split only while cores are free ({@link WorkerPool#busy()}). Each submitting
 * thread keeps one instance, reused for all its products.
 */
final class MatmulTask extends ParallelTask {

    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_MACS = 1L << 18;
    /** Smallest share of a part, in multiply-adds, so that claiming it costs little in comparison. */
    private static final long PART_MACS = 1L << 17;
    /** Row blocks are multiples of the six-row tile; panel blocks of the six- and four-panel matrix-vector tiles. */
    private static final int ROW_GRAIN = 6;
    private static final int PANEL_GRAIN = 12;

    private float[] x;
    private int xOff;
    private int xStride;
    private int rows;
    private Matrix w;
    private float[] bias;
    private float[] y;
    private int yOff;
    private boolean byRows;
    private int step;

    void multiply(WorkerPool pool, float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y,
                  int yOff) {
        int out = w.rows();
        int panels = Matrix.panelCount(out);
        long macs = (long) rows * out * w.cols();
        int threads = pool.threads();
        if (threads == 1 || macs < PARALLEL_MACS || WorkerPool.busyThreads() >= threads) {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, 0, panels);
            return;
        }
        int wanted = (int) Math.max(1, Math.min(4L * threads, macs / PART_MACS));
        boolean splitRows = rows >= 8 * ROW_GRAIN;
        int extent = splitRows ? rows : panels;
        int grain = splitRows ? ROW_GRAIN : PANEL_GRAIN;
        int size = Math.max(grain, (extent + wanted - 1) / wanted / grain * grain);
        int parts = (extent + size - 1) / size;
        if (parts == 1) {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, 0, panels);
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
        this.byRows = splitRows;
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
        int panels = Matrix.panelCount(w.rows());
        if (byRows) {
            compute(x, xOff, xStride, w, bias, y, yOff, from, Math.min(rows, from + step), 0, panels);
        } else {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, from, Math.min(panels, from + step));
        }
    }

    private static void compute(float[] x, int xOff, int xStride, Matrix w, float[] bias, float[] y, int yOff,
                                int r0, int r1, int p0, int p1) {
        if (w.isBf16()) {
            MatmulBf16.run(x, xOff, xStride, r0, r1, w.pairs(), w.cols(), w.rows(), p0, p1, bias, y, yOff);
        } else {
            MatmulF32.run(x, xOff, xStride, r0, r1, w.panels(), w.cols(), w.rows(), p0, p1, bias, y, yOff);
        }
    }
}
