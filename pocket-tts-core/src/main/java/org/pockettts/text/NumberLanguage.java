package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * How one language writes and reads numbers: the words for the decimal point, minus, percent and
 * currencies, how digits are grouped, and the rules for the kinds of number it knows. The kinds
 * every language shares (prices, percentages, years, plain and decimal numbers) are here; each
 * language adds its ordinals and times.
 */
abstract class NumberLanguage {

    /** Spaces allowed between a number and its sign or unit, and between groups of digits: space, no-break space, narrow no-break space. */
    static final String SPACE = "[ \\u00A0\\u202F]";

    /**
     * Where a number must end: not inside a word ("4K", "mp3") nor before more digits after a
     * separator ("1.2.3", "555-1234", "3/4"), which are left as they are.
     */
    static final String END = "(?![\\p{L}\\p{N}_])(?![.,:/\\-][\\p{N}])";

    /** A sign before a number: hyphen-minus or the minus sign. */
    static final String SIGN = "(?<sign>[-\\u2212])?";

    /** The names of a currency and of its hundredth, and the ICU rule sets that agree with them in gender. */
    record Currency(String unit, String units, String unitRuleSet, String cent, String cents, String centRuleSet) {
    }

    final Speller speller;
    private final String decimalWord;
    private final String minusWord;
    private final String percentWord;
    private final String andWord;
    private final String number;
    private final Map<Character, Currency> currencies;

    /**
     * @param groupSeparators the characters allowed between groups of three digits, as a regex class body
     * @param decimalSeparator the character before the decimals
     * @param currencies the names of the dollar, euro and pound
     */
    NumberLanguage(Locale locale, String groupSeparators, char decimalSeparator, String decimalWord, String minusWord,
            String percentWord, String andWord, Map<Character, Currency> currencies) {
        this.speller = new Speller(locale);
        this.decimalWord = decimalWord;
        this.minusWord = minusWord;
        this.percentWord = percentWord;
        this.andWord = andWord;
        this.currencies = currencies;
        this.number = "(?<int>\\d{1,3}(?:[" + groupSeparators + "]\\d{3})+|\\d+)(?:\\" + decimalSeparator + "(?<frac>\\d+))?";
    }

    /** The rules of this language, the first that matches winning. */
    final List<NumberRule> rules() {
        List<NumberRule> rules = new ArrayList<>();
        rules.add(NumberRule.of("price", SIGN + "(?<symbol>[$€£])" + SPACE + "?" + number + "(?:" + SPACE + "(?<scale>"
                + scaleWords() + "))?" + END, (m, text) -> price(m)));
        rules.add(NumberRule.of("price", SIGN + number + SPACE + "?(?<symbol>[$€£])" + END, (m, text) -> price(m)));
        rules.add(NumberRule.of("percentage", SIGN + number + SPACE + "?%", (m, text) -> decimal(m) + " " + percentWord));
        rules.addAll(ownRules());
        rules.add(NumberRule.of("year", "(?<year>1[1-9]\\d\\d|20\\d\\d)" + END, (m, text) -> speller.spell(Long.parseLong(m.group("year")), Speller.YEAR)));
        rules.add(NumberRule.of("number", SIGN + number + END, (m, text) -> decimal(m)));
        return rules;
    }

    /** This language's own kinds of number (ordinals, times), tried before years and plain numbers. */
    abstract List<NumberRule> ownRules();

    /** Words that may follow a price's number ("$1.5 million"), as a regex alternation; none by default. */
    String scaleWords() {
        return "(?!)";
    }

    /** Whether a currency's name is singular after {@code count} of it (1 in most languages). */
    boolean singular(long count) {
        return count == 1;
    }

    /** {@code spelled}, a whole number, followed by a currency's name: "twelve dollars". */
    String withUnit(String spelled, String unit) {
        return spelled + " " + unit;
    }

    /** A whole number written with or without group separators, read as a number of the given ICU rule set. */
    final String integer(String written, String ruleSet) {
        return speller.integer(written.replaceAll("\\D", ""), ruleSet);
    }

    /** The number matched by {@code sign}, {@code int} and {@code frac}: "minus twelve point five". */
    final String decimal(Matcher m) {
        String words = integer(m.group("int"), Speller.NUMBERING);
        if (m.group("frac") != null) {
            words += " " + decimalWord + " " + speller.digits(m.group("frac"));
        }
        return signed(m, words);
    }

    final String signed(Matcher m, String words) {
        return m.group("sign") != null ? minusWord + " " + words : words;
    }

    /**
     * A price: whole units and hundredths ("twelve dollars and fifty cents", "ninety-nine cents"),
     * or, with more than two decimals or a scale word, the number and the currency ("one point five
     * million dollars").
     */
    private String price(Matcher m) {
        Currency currency = currencies.get(m.group("symbol").charAt(0));
        String digits = m.group("int").replaceAll("\\D", "");
        String frac = m.group("frac");
        String scale = m.namedGroups().containsKey("scale") ? m.group("scale") : null;
        boolean exact = digits.length() <= Speller.MAX_DIGITS && !(digits.length() > 1 && digits.startsWith("0"));
        if (scale != null || (frac != null && frac.length() > 2) || !exact) {
            String amount = decimal(m);
            if (scale != null) {
                amount += " " + scale;
            }
            return withUnit(amount, currency.units());
        }
        long units = Long.parseLong(digits);
        long cents = frac == null ? 0 : Long.parseLong((frac + "0").substring(0, 2));
        List<String> parts = new ArrayList<>(2);
        if (units > 0 || cents == 0) {
            parts.add(count(units, currency.unitRuleSet(), currency.unit(), currency.units()));
        }
        if (cents > 0) {
            parts.add(count(cents, currency.centRuleSet(), currency.cent(), currency.cents()));
        }
        return signed(m, String.join(" " + andWord + " ", parts));
    }

    private String count(long count, String ruleSet, String one, String many) {
        return withUnit(speller.spell(count, ruleSet), singular(count) ? one : many);
    }

    /** The word before which a currency or a unit goes without "de"/"of", for {@link #withUnit}: the last word of {@code words}. */
    static String lastWord(String words) {
        return words.substring(words.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
    }
}
