package org.pockettts.api;

/**
 * A voice cannot be saved under a name because a voice of that name exists already (a saved one, or
 * a predefined one of the model). Delete it first, or choose another name.
 */
public class VoiceExistsException extends PocketTtsException {

    private final String name;

    public VoiceExistsException(String name, String message) {
        super(message);
        this.name = name;
    }

    /** The name that is taken. */
    public String name() {
        return name;
    }
}
