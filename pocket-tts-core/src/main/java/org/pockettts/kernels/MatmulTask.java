package org.pockettts.kernels;

/**
 * One matrix product cut into parts for the {@link WorkerPool}: by blocks of rows when there are
 * many (Mimi's late convolutions: thousands of rows, small weights), else by blocks of panels
 * (FlowLM: one row, large weights), so that each part reads a disjoint share of the weights. Each
 * output value is computed whole by one thread, so results do not depend on the split.
 *
 * <p>Products are split only while cores are free ({@link WorkerPool#busy()}). Each submitting
 * thread keeps one instance, reused for all its products, with the buffer its int8 products
 * quantize their activations into (once, before the split).
 */
final class MatmulTask extends ParallelTask {

    /** Below this many multiply-adds a product runs on the calling thread alone. */
    private static final long PARALLEL_MACS = 1L << 18;
    /** Smallest share of a part, in multiply-adds, so that claiming it costs little in comparison. */
    private static final long PART_MACS = 1L << 17;
    /** Products of this many rows or more are split by rows. */
    private static final int SPLIT_ROWS = 48;
    /** Row blocks are whole runs of the six-row tile (float weights) and of the four-row one (int8). */
    private static final int ROW_GRAIN = 12;
    /**
     * Panel blocks cover 192 outputs (256 for int8): whole runs of the one-row tiles, six panels for
     * float weights and four for int8, at every width.
     */
    private static final int PANEL_GRAIN = Math.max(6, 192 / Matrix.PANEL);
    private static final int INT8_PANEL_GRAIN = Math.max(4, 256 / Matrix.PANEL);

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
    private short[] quantized = new short[0];
    private float[] tokenScales = new float[0];

    void multiply(WorkerPool pool, float[] x, int xOff, int xStride, int rows, Matrix w, float[] bias, float[] y,
                  int yOff) {
        w.checkAlive();
        if (w.storage() == Matrix.Storage.INT8) {
            quantize(x, xOff, xStride, rows, w.cols());
        }
        int out = w.rows();
        int panels = Matrix.panelCount(out);
        long macs = (long) rows * out * w.cols();
        int threads = pool.threads();
        if (threads == 1 || macs < PARALLEL_MACS || WorkerPool.busyThreads() >= threads) {
            compute(x, xOff, xStride, w, bias, y, yOff, 0, rows, 0, panels);
            return;
        }
        int wanted = (int) Math.max(1, Math.min(4L * threads, macs / PART_MACS));
        boolean splitRows = rows >= SPLIT_ROWS;
        int extent = splitRows ? rows : panels;
        int grain = splitRows ? ROW_GRAIN : w.storage() == Matrix.Storage.INT8 ? INT8_PANEL_GRAIN : PANEL_GRAIN;
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

    private void quantize(float[] x, int xOff, int xStride, int rows, int cols) {
        int size = rows * 2 * Int8.pairs(cols);
        if (quantized.length < size) {
            quantized = new short[size];
        }
        if (tokenScales.length < rows) {
            tokenScales = new float[rows];
        }
        MatmulInt8.quantize(x, xOff, xStride, rows, cols, quantized, tokenScales);
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

    private void compute(float[] x, int xOff, int xStride, Matrix w, float[] bias, float[] y, int yOff, int r0, int r1,
                         int p0, int p1) {
        switch (w.storage()) {
            case F32 -> MatmulF32.run(x, xOff, xStride, r0, r1, w.panels(), w.cols(), w.rows(), p0, p1, bias, y, yOff);
            case BF16 -> MatmulBf16.run(x, xOff, xStride, r0, r1, w.panels(), w.cols(), w.rows(), p0, p1, bias, y,
                    yOff);
            case INT8 -> MatmulInt8.run(quantized, tokenScales, r0, r1, w.panels(), w.scales(), w.cols(), w.rows(), p0,
                    p1, bias, y, yOff);
        }
    }
}
