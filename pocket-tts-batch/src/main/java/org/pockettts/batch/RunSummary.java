package org.pockettts.batch;

import java.util.List;
import java.util.Locale;

/**
 * The closing lines of a run, the same for {@code batch} and the Spark job.
 *
 * @param written rows written now
 * @param skipped rows whose file an earlier run completed
 * @param failed rows recorded as errors
 * @param audioSeconds seconds of audio written now
 * @param wallSeconds seconds the run took
 * @param reachedMaxLength rows that reached their maximum length without an end of speech (0 when not counted)
 */
public record RunSummary(long written, long skipped, long failed, double audioSeconds, double wallSeconds,
                         long reachedMaxLength) {

    public long rows() {
        return written + skipped + failed;
    }

    /** {@code 50 rows: 47 written, 2 already complete, 1 failed; 0.210 h of audio in 0.045 h, 4.63x real time. Manifest: M} */
    public String line(String manifest) {
        return String.format(Locale.ROOT, "%d %s: %d written, %d already complete, %d failed; %.3f h of audio in %.3f h,"
                        + " %.2fx real time%s. Manifest: %s", rows(), rows() == 1 ? "row" : "rows", written, skipped,
                failed, audioSeconds / 3600, wallSeconds / 3600, audioSeconds / Math.max(1e-3, wallSeconds),
                reachedMaxLength > 0 ? "; " + reachedMaxLength + " reached the maximum length without an end of speech"
                        : "", manifest);
    }

    /** The error line when rows failed, else null. */
    public String failure(String manifest) {
        return failed == 0 ? null : "Error: " + failed + " of " + rows() + " rows failed; the manifest " + manifest
                + " says why";
    }

    /** The warning naming the columns that were ignored, or null when there were none. */
    public static String ignoredColumns(List<String> unknown) {
        return unknown.isEmpty() ? null : "Warning: ignored the columns " + String.join(", ", unknown)
                + " (the columns read are " + String.join(", ", Columns.KNOWN) + ")";
    }
}
