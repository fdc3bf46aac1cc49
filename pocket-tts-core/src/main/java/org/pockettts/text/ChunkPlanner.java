package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pockettts.api.InvalidInputException;

/**
 * What the reference's {@code generate_audio_stream} hands to each chunk's generation: the text cut
 * into chunks, and for each the text the model reads, its tokens, the frames to generate after the
 * end of speech and the most frames it may take. One planner serves one model; it is immutable and
 * safe to share between threads.
 */
public final class ChunkPlanner {

    private final Tokenizer tokenizer;
    private final TextRules rules;
    private final Integer recommendedFramesAfterEos;
    private final double frameRate;

    /**
     * One chunk's plan.
     *
     * @param text the text the model reads (the re-prepared chunk with
     *     {@link TextRules#reprepareChunks()}, else the chunk as split)
     * @param tokens the ids of {@code text}, which the model is prompted with
     * @param framesAfterEos frames generated after the end of speech is detected
     * @param maxFrames the most frames the chunk may take
     */
    public record PlannedChunk(String text, int[] tokens, int framesAfterEos, int maxFrames) {
    }

    /**
     * @param tokenizer the model's tokenizer
     * @param rules the behaviour's text rules
     * @param recommendedFramesAfterEos the configuration's {@code model_recommended_frames_after_eos},
     *     or null when it sets none
     * @param frameRate the model's frames per second (12.5)
     */
    public ChunkPlanner(Tokenizer tokenizer, TextRules rules, Integer recommendedFramesAfterEos, double frameRate) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.recommendedFramesAfterEos = recommendedFramesAfterEos;
        this.frameRate = frameRate;
    }

    /**
     * The chunks of {@code text} in the order they are spoken.
     *
     * @param maxTokens the longest chunk, in tokens, unless a single sentence is longer
     * @param framesAfterEos the caller's frames after the end of speech, or null for the default rule
     * @throws InvalidInputException if the text is empty, only whitespace, or nothing once the rules'
     *     character replacements are applied
     */
    public List<PlannedChunk> plan(String text, int maxTokens, Integer framesAfterEos) {
        List<PlannedChunk> plan = new ArrayList<>();
        for (String chunk : TextPreparation.splitIntoBestSentences(tokenizer, text, maxTokens, rules)) {
            TextPreparation.Prepared prepared = TextPreparation.prepareTextPrompt(chunk, rules);
            String modelText = rules.reprepareChunks() ? prepared.text() : chunk;
            int[] tokens = tokenizer.encode(modelText);
            plan.add(new PlannedChunk(modelText, tokens,
                    framesAfterEos(framesAfterEos, recommendedFramesAfterEos, prepared.framesAfterEosGuess()),
                    rules.generationLength().maxFrames(modelText, tokens.length, frameRate)));
        }
        return plan;
    }

    /**
     * The frames generated after the end of speech: the caller's value, else the model's
     * recommendation, else the chunk's guess plus 2.
     *
     * @param explicit the caller's value, or null
     * @param recommended the configuration's {@code model_recommended_frames_after_eos}, or null
     * @param guess the chunk's {@code frames_after_eos_guess} from its preparation
     */
    public static int framesAfterEos(Integer explicit, Integer recommended, int guess) {
        if (explicit != null) {
            return explicit;
        }
        return recommended != null ? recommended : guess + 2;
    }
}
