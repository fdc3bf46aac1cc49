package org.pockettts.text;

import java.util.Objects;

/**
 * One piece of a text to speak, in order: words to generate as a chunk of their own, or a pause
 * of exact silence between such chunks. {@link Markup#parse} turns a text with pause tags or SSML
 * into these.
 */
public sealed interface SpeechSegment {

    /** Words to speak: never blank, and free of pause markup. */
    record Text(String text) implements SpeechSegment {
        public Text {
            Objects.requireNonNull(text, "text");
            if (text.isBlank()) {
                throw new IllegalArgumentException("A text segment cannot be blank");
            }
        }
    }

    /**
     * Silence of {@code seconds}, between 0 and {@link Markup#MAX_PAUSE_SECONDS}. A pause of 0 s
     * still separates the text on either side into chunks generated one after the other.
     */
    record Pause(double seconds) implements SpeechSegment {
        public Pause {
            if (!(seconds >= 0 && seconds <= Markup.MAX_PAUSE_SECONDS)) {
                throw new IllegalArgumentException("A pause lasts 0 to " + Markup.MAX_PAUSE_SECONDS + " s, not " + seconds);
            }
        }

        /**
         * The number of zero samples this pause lasts at {@code sampleRate}: {@code seconds ×
         * sampleRate} rounded to the nearest integer, halves up (0.5 s at 24 kHz is 12000).
         */
        public int samples(int sampleRate) {
            if (sampleRate <= 0) {
                throw new IllegalArgumentException("The sample rate must be positive, not " + sampleRate);
            }
            return (int) Math.round(seconds * sampleRate);
        }
    }
}
