package org.pockettts.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;

/**
 * Finds {@code [pause]}, {@code [pause:1.5s]} and {@code [pause:300ms]} tags in text. A tag is
 * {@code [}, optional spaces, the word {@code pause} in any case, then {@code ]}, or {@code :}
 * and a {@link PauseLength} before the {@code ]}, with spaces allowed around each part. Brackets
 * holding anything else ({@code [laughs]}, {@code [paused]}) are ordinary text. A tag that starts
 * like a pause but is malformed or unclosed is an error, so that it is never read aloud.
 */
final class PauseTags {

    static final double DEFAULT_SECONDS = 0.5;

    /** The opening of a pause tag: "[pause" followed by a space, ":", "]" or the end of the text. */
    private static final Pattern OPENING = Pattern.compile("\\[\\s*pause(?=[\\s:\\]]|$)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("\\[\\s*pause\\s*(?::(?<length>[^\\]]*))?\\]", Pattern.CASE_INSENSITIVE);
    private static final String ACCEPTED_TAGS = "Write [pause] (0.5 s), or [pause:LENGTH] with "
            + PauseLength.ACCEPTED_FORMS + " (at most " + (int) Markup.MAX_PAUSE_SECONDS + " s).";

    private PauseTags() {
    }

    /**
     * Passes {@code text}, whose first character is at {@code origin}, to {@code out}: the text
     * between tags as text, each tag as a pause.
     *
     * @param approximate whether positions may be off by a few columns (text decoded from SSML)
     * @throws InvalidInputException naming the first malformed tag and its position
     */
    static void scan(String text, TextPosition origin, boolean approximate, SegmentsBuilder out) {
        Matcher opening = OPENING.matcher(text);
        int textStart = 0;
        while (opening.find()) {
            int start = opening.start();
            TextPosition position = origin.advance(text, start);
            String where = (approximate ? "near " : "at ") + position;
            int end = closingBracket(text, opening.end());
            if (end < 0) {
                String fragment = text.substring(start, Math.min(text.length(), lineEnd(text, start)));
                throw new InvalidInputException("Unclosed pause tag \"" + shorten(fragment) + "\" " + where
                        + ": it needs a closing \"]\". " + ACCEPTED_TAGS);
            }
            String tag = text.substring(start, end + 1);
            Matcher parts = TAG.matcher(tag);
            if (!parts.matches()) {
                throw new InvalidInputException("Malformed pause tag \"" + shorten(tag) + "\" " + where + ". " + ACCEPTED_TAGS);
            }
            double seconds = DEFAULT_SECONDS;
            if (parts.group("length") != null) {
                try {
                    seconds = PauseLength.parseSeconds(parts.group("length"));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("Malformed pause tag \"" + shorten(tag) + "\" " + where + ": "
                            + e.getMessage() + ". " + ACCEPTED_TAGS);
                }
            }
            out.text(text.substring(textStart, start));
            out.pause(seconds, position);
            textStart = end + 1;
            opening.region(textStart, text.length());
        }
        out.text(text.substring(textStart));
    }

    /** The index of the "]" closing a tag whose body starts at {@code from}; -1 if a "[" or a line end comes first. */
    private static int closingBracket(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ']') {
                return i;
            }
            if (c == '[' || c == '\n' || c == '\r') {
                return -1;
            }
        }
        return -1;
    }

    private static int lineEnd(String text, int from) {
        for (int i = from + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '\n' || c == '\r') {
                return i;
            }
        }
        return text.length();
    }

    private static String shorten(String fragment) {
        return fragment.length() <= 40 ? fragment : fragment.substring(0, 37) + "...";
    }
}
