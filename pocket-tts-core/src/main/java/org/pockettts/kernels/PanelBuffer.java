package org.pockettts.kernels;

/**
 * The scalar ends of a panel product: copying the valid outputs of a partial last panel, computed
 * whole into a buffer, and adding the bias.
 */
final class PanelBuffer {

    private PanelBuffer() {
    }

    /** Copies the first {@code valid} values of {@code rows} buffer rows, a panel apart, into {@code y}. */
    static void copy(float[] buffer, int rows, int valid, float[] y, int y0, int ys) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(buffer, r * Matrix.PANEL, y, y0 + r * ys, valid);
        }
    }

    /** Adds {@code bias} (if any) to the outputs of rows {@code [r0, r1)} and panels {@code [p0, p1)}. */
    static void addBias(float[] bias, int r0, int r1, int p0, int p1, int out, float[] y, int yOff) {
        if (bias == null) {
            return;
        }
        int o1 = Math.min(out, p1 * Matrix.PANEL);
        for (int r = r0; r < r1; r++) {
            for (int o = p0 * Matrix.PANEL; o < o1; o++) {
                y[yOff + r * out + o] += bias[o];
            }
        }
    }
}
