package org.pockettts.api;

/**
 * The one exception type the engine throws for problems a user can act on: bad input, a broken
 * model file, a wrong configuration. Its message names the problem and, where possible, what to
 * do about it, so that a command line or a server can show it as it is.
 */
public class PocketTtsException extends RuntimeException {
    public PocketTtsException(String message) {
        super(message);
    }

    public PocketTtsException(String message, Throwable cause) {
        super(message, cause);
    }
}
