package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;

/**
 * Collects text and pauses in reading order into {@link SpeechSegment}s. Pauses with nothing but
 * whitespace between them merge into one: explicit pauses ({@code [pause]}, {@code <break>}) add
 * up, while sentence and paragraph boundaries count only as the longest of them and only between
 * two pieces of text (no silence before the first word or after the last). The merged pause is
 * clamped to {@link Markup#MAX_PAUSE_SECONDS}, with a warning. Blank text is dropped.
 */
final class SegmentsBuilder {

    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s+");

    private final boolean collapseWhitespace;
    private final List<SpeechSegment> segments = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    private boolean pending;
    private boolean pendingExplicit;
    private double explicitSeconds;
    private double boundarySeconds;
    private TextPosition pendingPosition;

    /** @param collapseWhitespace whether runs of whitespace in text become one space (SSML) */
    SegmentsBuilder(boolean collapseWhitespace) {
        this.collapseWhitespace = collapseWhitespace;
    }

    void text(CharSequence piece) {
        if (pending && !PythonText.strip(piece.toString()).isEmpty()) {
            flushPause();
        }
        text.append(piece);
    }

    /** An explicit pause of {@code seconds} (0 or more) written at {@code position}. */
    void pause(double seconds, TextPosition position) {
        startPause(position);
        pendingExplicit = true;
        explicitSeconds += seconds;
    }

    /** A sentence or paragraph boundary that asks for {@code seconds} of silence. */
    void boundary(double seconds, TextPosition position) {
        startPause(position);
        boundarySeconds = Math.max(boundarySeconds, seconds);
    }

    /**
     * The segments so far.
     *
     * @throws InvalidInputException if there is neither text nor pause
     */
    Markup.Parsed build() {
        closeText();
        if (pending && pendingExplicit) {
            addPause(explicitSeconds);
        }
        if (segments.isEmpty()) {
            throw new InvalidInputException("Text prompt cannot be empty (there is no text and no pause to speak)");
        }
        return new Markup.Parsed(List.copyOf(segments), List.copyOf(warnings));
    }

    private void startPause(TextPosition position) {
        closeText();
        if (!pending) {
            pending = true;
            pendingPosition = position;
        }
    }

    private void flushPause() {
        boolean afterText = !segments.isEmpty() && segments.getLast() instanceof SpeechSegment.Text;
        double seconds = pendingExplicit ? explicitSeconds : 0;
        if (afterText) {
            seconds = Math.max(seconds, boundarySeconds);
        }
        if (pendingExplicit || (afterText && boundarySeconds > 0)) {
            addPause(seconds);
        }
        pending = false;
        pendingExplicit = false;
        explicitSeconds = 0;
        boundarySeconds = 0;
    }

    private void addPause(double seconds) {
        if (seconds > Markup.MAX_PAUSE_SECONDS) {
            warnings.add("The pause at " + pendingPosition + " lasts " + format(seconds) + " s, longer than the maximum of "
                    + format(Markup.MAX_PAUSE_SECONDS) + " s: it is shortened to " + format(Markup.MAX_PAUSE_SECONDS) + " s");
            seconds = Markup.MAX_PAUSE_SECONDS;
        }
        segments.add(new SpeechSegment.Pause(seconds));
    }

    private void closeText() {
        String piece = PythonText.strip(text.toString());
        text.setLength(0);
        if (piece.isEmpty()) {
            return;
        }
        segments.add(new SpeechSegment.Text(collapseWhitespace ? WHITESPACE_RUN.matcher(piece).replaceAll(" ") : piece));
    }

    private static String format(double seconds) {
        return java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString();
    }
}
