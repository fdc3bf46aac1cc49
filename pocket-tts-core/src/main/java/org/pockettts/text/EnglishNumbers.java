package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * English: "1,234.56", "-5", "12%", "$12.50", "£3.99", "€5", "$1.5 million", ordinals ("21st"),
 * years ("1984"), decades ("1990s", "80s") and times ("3:30", "14:00", "12:05 pm", "7 a.m.").
 */
final class EnglishNumbers extends NumberLanguage {

    private static final String CARDINAL = Speller.NUMBERING;
    private static final String NOT_IN_WORD = "(?![\\p{L}\\p{N}_])";

    EnglishNumbers() {
        super(Locale.ENGLISH, ",", '.', "point", "minus", "percent", "and", Map.of(
                '$', new Currency("dollar", "dollars", CARDINAL, "cent", "cents", CARDINAL),
                '€', new Currency("euro", "euros", CARDINAL, "cent", "cents", CARDINAL),
                '£', new Currency("pound", "pounds", CARDINAL, "penny", "pence", CARDINAL)));
    }

    @Override
    String scaleWords() {
        return "thousand|million|billion|trillion";
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                NumberRule.of("time", "(?<h>1[0-2]|0?[1-9])(?::(?<m>[0-5]\\d))?" + SPACE + "?(?<half>[AaPp])(?:\\.[Mm]\\.?|[Mm])" + NOT_IN_WORD, this::clockTime),
                NumberRule.of("time", "(?<h>[01]?\\d|2[0-3]):(?<m>[0-5]\\d)" + END, (m, text) -> dayTime(m)),
                NumberRule.of("ordinal", "(?<int>\\d{1,3}(?:,\\d{3})+|\\d+)(?:st|nd|rd|th|ST|ND|RD|TH)" + NOT_IN_WORD,
                        (m, text) -> integer(m.group("int"), "%spellout-ordinal")),
                NumberRule.of("decade", "(?<decade>(?:1[1-9]|20)\\d0|[1-9]0)s" + NOT_IN_WORD, (m, text) -> decade(m.group("decade"))));
    }

    /** "7 am", "12:05 p.m.": the hour, the minutes as in {@link #minutes}, and AM or PM. */
    private String clockTime(Matcher m, CharSequence text) {
        String words = speller.spell(Integer.parseInt(m.group("h")), CARDINAL);
        if (m.group("m") != null && Integer.parseInt(m.group("m")) > 0) {
            words += " " + minutes(Integer.parseInt(m.group("m")));
        }
        words += Character.toUpperCase(m.group("half").charAt(0)) == 'A' ? " AM" : " PM";
        // "p.m." swallows a full stop; keep it where it most likely also ended the sentence.
        boolean swallowedStop = text.charAt(m.end() - 1) == '.';
        if (swallowedStop && endsSentence(text, m.end())) {
            words += ".";
        }
        return words;
    }

    /** "3:30" three thirty, "3:00" three o'clock, "14:00" fourteen hundred, "12:05" twelve oh five. */
    private String dayTime(Matcher m) {
        int hour = Integer.parseInt(m.group("h"));
        int minute = Integer.parseInt(m.group("m"));
        String words = speller.spell(hour, CARDINAL);
        if (minute > 0) {
            return words + " " + minutes(minute);
        }
        return hour >= 1 && hour <= 12 ? words + " o'clock" : words + " hundred";
    }

    /** Minutes after the hour: "oh five" below ten, else the number. */
    private String minutes(int minute) {
        String words = speller.spell(minute, CARDINAL);
        return minute < 10 ? "oh " + words : words;
    }

    /** "1990s" nineteen nineties, "2000s" two thousands, "80s" eighties: the year's last word in the plural. */
    private String decade(String digits) {
        String words = digits.length() == 4 ? speller.spell(Long.parseLong(digits), Speller.YEAR) : speller.spell(Long.parseLong(digits), CARDINAL);
        return words.endsWith("y") ? words.substring(0, words.length() - 1) + "ies" : words + "s";
    }

    /** Whether position {@code at} is the end of the text, or whitespace before a capital letter. */
    private static boolean endsSentence(CharSequence text, int at) {
        int i = at;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i == text.length() || (i > at && Character.isUpperCase(text.charAt(i)));
    }
}
