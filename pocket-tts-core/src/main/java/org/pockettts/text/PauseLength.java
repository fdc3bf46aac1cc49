package org.pockettts.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The length of a pause as written in {@code [pause:…]} tags and in SSML's {@code <break time>}: a
 * non-negative decimal number ({@code 2}, {@code 1.5}, {@code .5}, {@code 2.}) and a unit, {@code s}
 * or {@code ms} in any case, optionally separated by spaces ({@code 300 ms}). The unit is required:
 * a bare number is ambiguous.
 */
final class PauseLength {

    static final String ACCEPTED_FORMS = "a number of seconds or milliseconds with its unit, such as 1.5s or 300ms";

    private static final Pattern LENGTH = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(s|ms)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(?:\\.\\d*)?|\\.\\d+)");

    private PauseLength() {
    }

    /**
     * The length in seconds of {@code value} (surrounding spaces ignored); not clamped.
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the value
     */
    static double parseSeconds(String value) {
        String trimmed = value.strip();
        Matcher length = LENGTH.matcher(trimmed);
        if (length.matches()) {
            double number = Double.parseDouble(length.group(1));
            return length.group(2).equalsIgnoreCase("ms") ? number / 1000 : number;
        }
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no length is given");
        }
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("a pause cannot be negative");
        }
        if (NUMBER.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("\"" + trimmed + "\" has no unit (s or ms)");
        }
        throw new IllegalArgumentException("\"" + trimmed + "\" is not a length");
    }
}
