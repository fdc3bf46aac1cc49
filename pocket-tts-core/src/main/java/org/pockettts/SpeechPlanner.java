package org.pockettts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.Tokenizer;
import org.pockettts.config.ModelConfig;
import org.pockettts.text.ChunkPlanner;
import org.pockettts.text.Markup;
import org.pockettts.text.NumberNormalizer;
import org.pockettts.text.SpeechSegment;

/**
 * What a text becomes for one model: pause markup parsed, numbers read aloud in the model's
 * language when asked, each text cut into chunks by the behaviour's text rules, each pause turned
 * into its samples. Immutable but for the number rules, built when first asked for; thread-safe.
 */
final class SpeechPlanner {

    private final ChunkPlanner planner;
    private final Locale language;
    private final int sampleRate;
    /** Numbers read aloud in the model's language, made when first asked for (its rules take a while to build). */
    private volatile NumberNormalizer numbers;

    SpeechPlanner(ChunkPlanner planner, Locale language, int sampleRate) {
        this.planner = planner;
        this.language = language;
        this.sampleRate = sampleRate;
    }

    /** The planner of a model of {@code config} under {@code behaviour}'s text rules, with its tokenizer. */
    static SpeechPlanner of(ModelConfig config, Behaviour behaviour, Tokenizer tokenizer) {
        ModelConfig.Options options = config.options();
        return new SpeechPlanner(new ChunkPlanner(tokenizer, behaviour.textRules().apply(options.text()),
                behaviour.recommendedFramesAfterEos() ? options.modelRecommendedFramesAfterEos() : null,
                config.mimi().frameRate()), config.catalog().language(), config.mimi().sampleRate());
    }

    /** The public plan of {@code text}; see {@link TtsModel#plan}. */
    SpeechPlan plan(String text, GenerationOptions options) {
        Markup.Parsed parsed = parse(text, options);
        List<SpeechPlan.Item> items = new ArrayList<>();
        for (SpeechSegment segment : parsed.segments()) {
            switch (segment) {
                case SpeechSegment.Text t -> {
                    for (ChunkPlanner.PlannedChunk c : chunks(t, options)) {
                        items.add(new SpeechPlan.Chunk(c.text(), c.tokens().length, c.framesAfterEos(), c.maxFrames()));
                    }
                }
                case SpeechSegment.Pause p -> items.add(new SpeechPlan.Pause(p.seconds(), p.samples(sampleRate)));
            }
        }
        return new SpeechPlan(items, parsed.warnings());
    }

    /** What a generation of {@code text} runs through: each chunk with its tokens, each pause as its samples. */
    List<Generation.Segment> segments(String text, GenerationOptions options) {
        List<Generation.Segment> segments = new ArrayList<>();
        for (SpeechSegment segment : parse(text, options).segments()) {
            switch (segment) {
                case SpeechSegment.Text t -> chunks(t, options).forEach(c -> segments.add(Generation.Speech.of(c)));
                case SpeechSegment.Pause p -> segments.add(new Generation.Silence(p.samples(sampleRate)));
            }
        }
        return segments;
    }

    private List<ChunkPlanner.PlannedChunk> chunks(SpeechSegment.Text text, GenerationOptions options) {
        return planner.plan(text.text(), options.maxTokensPerChunk(), options.framesAfterEos());
    }

    private Markup.Parsed parse(String text, GenerationOptions options) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("The text is empty: give some text to speak");
        }
        Markup.Parsed parsed = Markup.parse(text);
        return options.normalize() ? parsed.mapText(numbers()::normalize) : parsed;
    }

    /**
     * The number normaliser of the model's language.
     *
     * @throws InvalidInputException when that language has no number rules
     */
    private NumberNormalizer numbers() {
        NumberNormalizer n = numbers;
        if (n == null) {
            if (!NumberNormalizer.supportedLanguages().contains(language.getLanguage())) {
                throw new InvalidInputException("Reading numbers aloud is not available in the model's language ("
                        + language.getDisplayLanguage(Locale.ENGLISH) + "); it is available in "
                        + String.join(", ", NumberNormalizer.supportedLanguages()));
            }
            n = NumberNormalizer.forLocale(language);
            numbers = n;
        }
        return n;
    }
}
