package org.pockettts.api;

/**
 * Input given to the engine cannot be used: empty text, an unreadable audio prompt, a voice
 * embedding of the wrong shape, a text too long for the model's context.
 */
public class InvalidInputException extends PocketTtsException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
