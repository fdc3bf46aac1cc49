package org.pockettts.server;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Reads values out of the server's {@code /metrics} text, and waits for the server to reach a state. */
final class MetricsText {

    private MetricsText() {
    }

    /** The value of the sample named exactly {@code series} (name and labels), or 0 when absent. */
    static double value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }

    static double value(Http http, String series) {
        return value(http.get("/metrics").text(), series);
    }

    /**
     * Waits until {@code condition} holds. The deadline only keeps a broken server from hanging the
     * build; nothing is asserted about how long it takes.
     */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }
}
