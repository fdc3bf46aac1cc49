package org.pockettts.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of number (a price, a time, an ordinal…) in one language: the pattern that finds it
 * where a number starts, and how it is read.
 */
record NumberRule(String name, Pattern pattern, Reader reader) {

    /** The words for a match of the pattern, or null when the rule does not apply after all. */
    @FunctionalInterface
    interface Reader {
        String read(Matcher match, CharSequence text);
    }

    static NumberRule of(String name, String regex, Reader reader) {
        return new NumberRule(name, Pattern.compile(regex), reader);
    }
}
