package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;

/**
 * Pause markup in a text to speak. Any text may hold {@code [pause]} (0.5 s), {@code [pause:1.5s]}
 * and {@code [pause:300ms]} tags; a text that starts (after whitespace) with {@code <speak} or an
 * XML declaration is SSML, of which {@code <speak>}, {@code <break>}, {@code <p>} and {@code <s>}
 * are understood. The result is the text to generate, cut into chunks at the pauses.
 *
 * <p>A text without markup gives one {@link SpeechSegment.Text} holding the text with surrounding
 * whitespace removed, which generation prepares exactly as it would the text itself.
 */
public final class Markup {

    /** The longest pause: longer ones, alone or added up, are shortened to this, with a warning. */
    public static final double MAX_PAUSE_SECONDS = 10.0;

    /** The length of a bare {@code [pause]}. */
    public static final double DEFAULT_PAUSE_SECONDS = PauseTags.DEFAULT_SECONDS;

    private static final Pattern SSML_START = Pattern.compile("\\s*(?:<speak[\\s>/]|<\\?xml\\s)");

    private Markup() {
    }

    /**
     * A text cut at its pauses: text and pause segments in reading order, never two texts in a
     * row, never empty; and the warnings to show the user (pauses shortened to the maximum).
     */
    public record Parsed(List<SpeechSegment> segments, List<String> warnings) {
        public Parsed {
            segments = List.copyOf(segments);
            warnings = List.copyOf(warnings);
        }

        /**
         * The same segments with {@code transform} (e.g. {@link NumberNormalizer#normalize}) applied
         * to each text, which must stay non-blank.
         */
        public Parsed mapText(UnaryOperator<String> transform) {
            List<SpeechSegment> mapped = new ArrayList<>(segments.size());
            for (SpeechSegment segment : segments) {
                mapped.add(segment instanceof SpeechSegment.Text(String text) ? new SpeechSegment.Text(transform.apply(text)) : segment);
            }
            return new Parsed(mapped, warnings);
        }
    }

    /**
     * Cuts {@code text} at its pause tags, or parses it as SSML when it starts with
     * {@code <speak}.
     *
     * @throws InvalidInputException for a malformed pause tag, invalid or unsupported SSML, or a
     *     text with neither words nor pauses; the message names the problem, where it is, and
     *     what is accepted
     */
    public static Parsed parse(String text) {
        Objects.requireNonNull(text, "text");
        if (isSsml(text)) {
            return SsmlParser.parse(text);
        }
        SegmentsBuilder out = new SegmentsBuilder(false);
        PauseTags.scan(text, TextPosition.START, false, out);
        return out.build();
    }

    /** Whether {@code text} is read as SSML: it starts, after whitespace, with {@code <speak} or {@code <?xml}. */
    public static boolean isSsml(String text) {
        return SSML_START.matcher(text).lookingAt();
    }
}
