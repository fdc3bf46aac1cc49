package org.pockettts.api;

/**
 * A generation reached the most audio its options allow ({@code GenerationOptions.maxAudioSeconds});
 * it comes after the audio made before the limit, so a listener may tell an audio cut at its limit
 * from a failure.
 */
public class AudioLimitException extends PocketTtsException {
    public AudioLimitException(String message) {
        super(message);
    }
}
