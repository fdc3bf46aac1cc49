package org.pockettts.hub;

/**
 * Follows the downloads of a {@link HubClient}, e.g. to draw a progress bar. Calls come from the
 * thread that resolves the file, at most about ten times a second, never once per read.
 */
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = new DownloadListener() {
    };

    /**
     * A download begins.
     *
     * @param description what is downloaded, e.g. the file's path in its repository
     * @param totalBytes  the file's size, or -1 when unknown
     */
    default void started(String description, long totalBytes) {
    }

    /**
     * Bytes of the file now on disk, counting those kept from an earlier, interrupted download.
     */
    default void progress(long bytesSoFar) {
    }

    /**
     * The download ended, whether it succeeded or not; a failure is then thrown to the caller of
     * {@link HubClient#resolve}.
     */
    default void finished() {
    }
}
