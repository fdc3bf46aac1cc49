package org.pockettts.api;

/** A model file (weights, configuration, tokenizer) is missing, malformed or does not fit the model. */
public class ModelFormatException extends PocketTtsException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
