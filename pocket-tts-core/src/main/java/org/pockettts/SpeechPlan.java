package org.pockettts;

import java.util.List;

/**
 * What the model will be asked to say for a text ({@link TtsModel#plan}): the text cut at its
 * pauses, each piece normalised if asked, prepared and split by the behaviour's text rules, in the
 * order they are spoken; and the warnings of the pause markup (pauses shortened to the maximum).
 *
 * @param items the chunks and pauses, in order
 * @param warnings what the user should know about the markup, e.g. a pause shortened to 10 s
 */
public record SpeechPlan(List<Item> items, List<String> warnings) {

    public SpeechPlan {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    /** One piece of the plan. */
    public sealed interface Item permits Chunk, Pause {
    }

    /**
     * A chunk of text generated on its own.
     *
     * @param text the text given to the model (after preparation, normalisation and splitting)
     * @param tokens how many tokens it has
     * @param framesAfterEos frames generated after the end of speech is detected
     * @param maxFrames the most frames the chunk may take
     */
    public record Chunk(String text, int tokens, int framesAfterEos, int maxFrames) implements Item {
    }

    /**
     * Exact silence between chunks.
     *
     * @param seconds its length as written (clamped to the maximum)
     * @param samples the zero samples it becomes at the model's sample rate
     */
    public record Pause(double seconds, int samples) implements Item {
    }
}
