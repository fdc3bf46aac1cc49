package org.pockettts.cli;

import java.util.Locale;
import org.pockettts.batch.ManifestEntry;
import org.pockettts.batch.RunSummary;

/**
 * The counts of a batch run and its progress line: rows done of all, hours of audio made, the
 * real-time factor (seconds of audio made per second of the run) and the time left, estimated from
 * the characters of text still to speak at the pace so far.
 */
final class BatchProgress {

    private static final int BAR = 20;

    private final ProgressDisplay display;
    private final long totalRows;
    private final long totalChars;
    private final long started = System.nanoTime();
    private long rows;
    private long written;
    private long skipped;
    private long failed;
    private long charsDone;
    private long charsSpoken;
    private double audioSeconds;
    private long reachedMaxLength;

    /**
     * @param totalRows rows in the table, or -1 when not counted
     * @param totalChars characters of text in the table, or -1 when not counted
     */
    BatchProgress(ProgressDisplay display, long totalRows, long totalChars) {
        this.display = display;
        this.totalRows = totalRows;
        this.totalChars = totalChars;
    }

    /** Counts a finished row whose text had {@code textChars} characters, and redraws. */
    synchronized void recorded(ManifestEntry entry, int textChars, boolean reachedMax) {
        rows++;
        charsDone += textChars;
        switch (entry.status()) {
            case ManifestEntry.OK -> {
                written++;
                charsSpoken += textChars;
                audioSeconds += entry.durationSeconds();
            }
            case ManifestEntry.SKIPPED -> skipped++;
            default -> {
                failed++;
                display.message("Error: " + (entry.id() != null ? entry.id() + ": " : "") + entry.error());
            }
        }
        if (reachedMax) {
            reachedMaxLength++;
        }
        draw();
    }

    /** Redraws the line (the clock moves even while rows take long). */
    synchronized void draw() {
        if (!display.enabled()) {
            return;
        }
        double wall = wallSeconds();
        StringBuilder line = new StringBuilder("Rows " + rows + (totalRows >= 0 ? "/" + totalRows : ""));
        if (totalRows > 0) {
            int filled = (int) Math.min(BAR, rows * BAR / totalRows);
            line.append(" [").append("#".repeat(filled)).append(" ".repeat(BAR - filled)).append(']');
        }
        line.append(String.format(Locale.ROOT, " %.3f h of audio, %.2fx real time", audioSeconds / 3600,
                audioSeconds / Math.max(1e-3, wall)));
        if (totalChars >= 0 && charsSpoken > 0) {
            double eta = (totalChars - charsDone) * wall / charsSpoken;
            line.append(", ETA ").append(duration(eta));
        }
        if (failed > 0) {
            line.append(", ").append(failed).append(failed == 1 ? " error" : " errors");
        }
        display.show(line.toString());
    }

    /** Clears the line. */
    void end() {
        display.end();
    }

    /** The counts so far. */
    synchronized RunSummary summary() {
        return new RunSummary(written, skipped, failed, audioSeconds, wallSeconds(), reachedMaxLength);
    }

    private double wallSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** {@code 45 s}, {@code 12 min}, {@code 3 h 20 min}. */
    static String duration(double seconds) {
        long s = Math.round(Math.max(0, seconds));
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s + 30) / 60 + " min";
        }
        long minutes = (s + 30) / 60;
        return minutes / 60 + " h " + minutes % 60 + " min";
    }
}
