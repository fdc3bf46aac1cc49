package org.pockettts.cli;

import java.io.PrintStream;
import java.util.Locale;
import org.pockettts.hub.DownloadListener;

/**
 * A one-line progress display on standard error, redrawn in place with a carriage return; drawn
 * only when a person is watching (standard error is a terminal) and the command is not quiet.
 */
final class ProgressDisplay implements DownloadListener {

    private static final int BAR = 24;

    private final PrintStream err;
    private final boolean enabled;
    private String description = "";
    private long total = -1;
    private long started;
    private int lastWidth;

    ProgressDisplay(PrintStream err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    @Override
    public synchronized void started(String what, long totalBytes) {
        description = what;
        total = totalBytes;
        started = System.nanoTime();
        progress(0);
    }

    @Override
    public synchronized void progress(long bytes) {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        String rate = String.format(Locale.ROOT, "%.1f MB/s", bytes / 1e6 / seconds);
        if (total > 0) {
            double fraction = Math.min(1, bytes / (double) total);
            int filled = (int) Math.round(fraction * BAR);
            draw(String.format(Locale.ROOT, "Downloading %s [%s%s] %3d%% %s/%s %s", description, "#".repeat(filled),
                    " ".repeat(BAR - filled), Math.round(fraction * 100), megabytes(bytes), megabytes(total), rate));
        } else {
            draw(String.format(Locale.ROOT, "Downloading %s %s %s", description, megabytes(bytes), rate));
        }
    }

    @Override
    public synchronized void finished() {
        end();
    }

    /** Shows how far a generation is. */
    synchronized void generating(double audioSeconds, int chunk, int chunks) {
        draw(String.format(Locale.ROOT, "Generating: %.1f s of audio%s", audioSeconds,
                chunks > 1 ? " (chunk " + chunk + "/" + chunks + ")" : ""));
    }

    /** Shows {@code line} in place of the current one. */
    synchronized void show(String line) {
        draw(line);
    }

    /** Prints {@code message} on a line of its own; the progress line is drawn again at the next {@link #show}. */
    synchronized void message(String message) {
        if (enabled) {
            end();
            err.println(message);
            err.flush();
        }
    }

    /** Ends the current line, if one is drawn. */
    synchronized void end() {
        if (enabled && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            err.flush();
            lastWidth = 0;
        }
    }

    private void draw(String line) {
        if (!enabled) {
            return;
        }
        String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
        err.print("\r" + padded);
        err.flush();
        lastWidth = line.length();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
