package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;

/**
 * Numbers in a text written out as the words a reader would say, in one language: "$12.50"
 * becomes "twelve dollars and fifty cents". The words come from ICU's spell-out rules
 * ({@code RuleBasedNumberFormat}); each language adds its words for decimals, percentages,
 * currencies, ordinals and times. Everything else, including digits the rules do not recognise
 * (versions "1.2.3", phone numbers "555-1234", dates "2024-01-15", "mp3", "4K"), is left exactly
 * as it is. Normalising twice gives the same text as normalising once. Thread-safe.
 */
public final class NumberNormalizer {

    /** The languages (ISO 639 codes) with number rules, and how to make them. */
    private static final Map<String, Supplier<NumberLanguage>> LANGUAGES = Map.of(
            "en", EnglishNumbers::new,
            "de", GermanNumbers::new,
            "fr", FrenchNumbers::new,
            "es", SpanishNumbers::new,
            "it", ItalianNumbers::new,
            "pt", PortugueseNumbers::new,
            "nl", DutchNumbers::new);

    /** A run of letters, digits and inner separators that no rule read: copied as it is. */
    private static final Pattern RUN = Pattern.compile("[\\p{L}\\p{N}_]+(?:[.,:/\\-'’][\\p{L}\\p{N}_]+)*");
    /**
     * A run starting with a letter: a word, possibly with digits in it ("mp3", "v1.2"); after an
     * apostrophe only letters belong to it, so that the number in "dell'8%" or "l'1" is read.
     */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+(?:[.,:][\\p{L}\\p{N}_]+|['’]\\p{L}+)*");

    private final Locale locale;
    private final List<NumberRule> rules;

    private NumberNormalizer(Locale locale, NumberLanguage language) {
        this.locale = locale;
        this.rules = language.rules();
    }

    /**
     * The normaliser for {@code locale}'s language (its country is ignored).
     *
     * @throws InvalidInputException if the language is not one of {@link #supportedLanguages()}
     */
    public static NumberNormalizer forLocale(Locale locale) {
        Objects.requireNonNull(locale, "locale");
        Supplier<NumberLanguage> language = LANGUAGES.get(locale.getLanguage());
        if (language == null) {
            throw new InvalidInputException("Reading numbers aloud is not available in " + locale.getDisplayLanguage(Locale.ENGLISH)
                    + " (\"" + locale.toLanguageTag() + "\"); it is available in " + String.join(", ", supportedLanguages()));
        }
        return new NumberNormalizer(locale, language.get());
    }

    /** The ISO 639 codes of the languages {@link #forLocale} accepts, sorted. */
    public static List<String> supportedLanguages() {
        return LANGUAGES.keySet().stream().sorted().toList();
    }

    public Locale locale() {
        return locale;
    }

    /** {@code text} with every number it recognises written out in words. */
    public String normalize(String text) {
        Objects.requireNonNull(text, "text");
        StringBuilder out = new StringBuilder(text.length() + 16);
        Matcher run = RUN.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        Matcher word = WORD.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            boolean afterWord = i > 0 && isWordChar(text.codePointBefore(i));
            if (!afterWord && mayStartNumber(text, i)) {
                int end = read(text, i, out);
                if (end < 0 && Character.isDigit(c)) {
                    run.region(i, text.length()).lookingAt();
                    end = run.end();
                    out.append(text, i, end);
                }
                if (end >= 0) {
                    i = end;
                    continue;
                }
            } else if (isWordChar(c)) {
                word.region(i, text.length()).lookingAt();
                out.append(text, i, word.end());
                i = word.end();
                continue;
            }
            out.appendCodePoint(c);
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** Appends the words of the first rule that reads a number at {@code start}; returns where it ends, or -1. */
    private int read(String text, int start, StringBuilder out) {
        for (NumberRule rule : rules) {
            Matcher m = rule.pattern().matcher(text).region(start, text.length()).useTransparentBounds(true).useAnchoringBounds(false);
            if (m.lookingAt()) {
                String words = rule.reader().read(m, text);
                if (words != null) {
                    out.append(words);
                    return m.end();
                }
            }
        }
        return -1;
    }

    /** A digit, or a sign or currency symbol before one (with spaces allowed after the symbol). */
    private static boolean mayStartNumber(String text, int i) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
            return true;
        }
        if (c == '-' || c == '\u2212' || c == '$' || c == '€' || c == '£') {
            int next = i + 1;
            if (next < text.length() && (text.charAt(next) == '$' || text.charAt(next) == '€' || text.charAt(next) == '£')) {
                next++;
            }
            while (next < text.length() && " \u00A0\u202F".indexOf(text.charAt(next)) >= 0 && c != '-' && c != '\u2212') {
                next++;
            }
            return next < text.length() && text.charAt(next) >= '0' && text.charAt(next) <= '9';
        }
        return false;
    }

    private static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
