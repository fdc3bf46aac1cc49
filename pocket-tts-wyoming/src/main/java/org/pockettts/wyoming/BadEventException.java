package org.pockettts.wyoming;

/**
 * An event this server cannot take, answered with an {@code error} event. When the framing is lost
 * (the end of the event cannot be found) the connection is closed after the answer; otherwise the
 * event's bytes have been consumed and the next event can be read.
 */
final class BadEventException extends Exception {

    private final ErrorCode code;
    private final boolean framingLost;

    BadEventException(ErrorCode code, String message, boolean framingLost) {
        super(message, null, false, false);
        this.code = code;
        this.framingLost = framingLost;
    }

    ErrorCode code() {
        return code;
    }

    /** Whether the next event's start is unknown, so that the connection must be closed. */
    boolean framingLost() {
        return framingLost;
    }
}
