package org.pockettts.server;

/**
 * A voice URL could not be fetched. The message is for the server's log only (it may say what a
 * client must not learn, such as which internal host refused a connection); what the client is told
 * depends on {@link #reason()} alone.
 */
final class FetchException extends Exception {

    /** What the client may know about the failure. */
    enum Reason {
        /** Anything on the way: the host name, the connection, TLS, an error status, a redirect, the deadline. */
        FAILED,
        /** The body is larger than the server takes. */
        TOO_LARGE
    }

    private final Reason reason;

    FetchException(Reason reason, String logMessage) {
        super(logMessage);
        this.reason = reason;
    }

    FetchException(String logMessage, Throwable cause) {
        super(logMessage, cause);
        this.reason = Reason.FAILED;
    }

    Reason reason() {
        return reason;
    }
}
