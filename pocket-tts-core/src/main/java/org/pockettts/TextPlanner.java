package org.pockettts;

import java.util.Objects;

/**
 * What a model will be asked to say, known from its configuration and tokenizer alone
 * ({@link TtsModel.Builder#planner()}): the same plan as {@link TtsModel#plan}, without loading
 * the weights. Immutable and thread-safe.
 */
public final class TextPlanner {

    private final SpeechPlanner speech;

    TextPlanner(SpeechPlanner speech) {
        this.speech = Objects.requireNonNull(speech, "speech");
    }

    /**
     * The plan of {@code text}, as {@link TtsModel#plan} makes it for the model this planner was made for.
     *
     * @throws org.pockettts.api.InvalidInputException for an empty text, malformed pause markup, or
     *     normalisation asked in a language without number rules
     */
    public SpeechPlan plan(String text, GenerationOptions options) {
        return speech.plan(text, options);
    }
}
