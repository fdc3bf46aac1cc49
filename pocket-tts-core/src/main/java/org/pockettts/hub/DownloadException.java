package org.pockettts.hub;

import java.io.IOException;

/**
 * A file could not be had. The message is written for the user: what was fetched, from where, why it
 * failed and what to do, so that it can be shown as it is.
 */
public class DownloadException extends IOException {

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
