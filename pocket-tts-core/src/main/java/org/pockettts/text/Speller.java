package org.pockettts.text;

import com.ibm.icu.text.RuleBasedNumberFormat;
import com.ibm.icu.util.ULocale;
import java.util.Locale;

/**
 * Numbers as words in one language, by ICU's spell-out rules ({@link RuleBasedNumberFormat}).
 * Soft hyphens, which ICU puts between the parts of German, Italian and Dutch compounds, are
 * removed: they are invisible in print and mean nothing to the model. Thread-safe.
 */
final class Speller {

    /** ICU's rule set for counting, present in every language. */
    static final String NUMBERING = "%spellout-numbering";
    /** ICU's rule set for years ("nineteen eighty-four"), present in every language. */
    static final String YEAR = "%spellout-numbering-year";

    /** The longest integer read as a number (up to 999 trillion); longer ones are read digit by digit. */
    static final int MAX_DIGITS = 15;

    private static final char SOFT_HYPHEN = '\u00AD';

    private final RuleBasedNumberFormat format;

    Speller(Locale locale) {
        this.format = new RuleBasedNumberFormat(ULocale.forLocale(locale), RuleBasedNumberFormat.SPELLOUT);
    }

    /** {@code number} (0 or more, at most {@link #MAX_DIGITS} digits) by ICU's rule set {@code ruleSet}. */
    String spell(long number, String ruleSet) {
        String words;
        synchronized (format) {
            words = format.format(number, ruleSet);
        }
        return words.replace(String.valueOf(SOFT_HYPHEN), "");
    }

    /** Digits, e.g. {@code "007"}, each read as a number, separated by spaces. */
    String digits(CharSequence digits) {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0) {
                words.append(' ');
            }
            words.append(spell(Character.digit(digits.charAt(i), 10), NUMBERING));
        }
        return words.toString();
    }

    /**
     * A whole number written as {@code digits} (no sign, no separators) by {@code ruleSet}; digit
     * by digit when it has a leading zero ("007", a code) or more than {@link #MAX_DIGITS} digits.
     */
    String integer(String digits, String ruleSet) {
        if ((digits.length() > 1 && digits.charAt(0) == '0') || digits.length() > MAX_DIGITS) {
            return digits(digits);
        }
        return spell(Long.parseLong(digits), ruleSet);
    }
}
