package org.pockettts.text;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What Spanish, Italian and Portuguese share: groups of three separated by "." or spaces, a decimal
 * comma, ordinals written with º and ª (optionally after a full stop: "1.º"), and a preposition
 * between a million and what it counts ("un millón de euros").
 */
abstract class RomanceNumbers extends NumberLanguage {

    static final String MASCULINE = "%spellout-cardinal-masculine";
    static final String FEMININE = "%spellout-cardinal-feminine";

    private final Set<String> scaleNouns;
    private final String of;

    /**
     * @param scaleNouns the words after which a unit takes {@code of}: millón, millones…
     */
    RomanceNumbers(Locale locale, String decimalWord, String minusWord, String percentWord, String andWord,
            Map<Character, Currency> currencies, Set<String> scaleNouns, String of) {
        super(locale, ". \\u00A0\\u202F", ',', decimalWord, minusWord, percentWord, andWord, currencies);
        this.scaleNouns = scaleNouns;
        this.of = of;
    }

    @Override
    final String withUnit(String spelled, String unit) {
        return spelled + (scaleNouns.contains(lastWord(spelled)) ? " " + of + " " : " ") + unit;
    }

    /** "1º", "1.º" masculine, "1ª", "1.ª" feminine ordinals. */
    final NumberRule ordinalRule() {
        return NumberRule.of("ordinal", "(?<int>\\d+)\\.?(?<suffix>º|ª)(?![\\p{L}\\p{N}])", (m, text) -> integer(m.group("int"),
                m.group("suffix").equals("ª") ? "%spellout-ordinal-feminine" : "%spellout-ordinal-masculine"));
    }

    /**
     * Times as the hour, which agrees with the feminine word for hour ("una", "due"), then
     * {@code onTheHour} ("en punto") or {@code and} and the minutes ("y cinco").
     *
     * @param separators the characters between hour and minutes, as a regex class body
     */
    final NumberRule clockRule(String separators, String onTheHour, String and) {
        return NumberRule.of("time", "(?<h>[01]?\\d|2[0-3])[" + separators + "](?<m>[0-5]\\d)" + END, (m, text) -> {
            String hour = speller.spell(Integer.parseInt(m.group("h")), FEMININE);
            int minute = Integer.parseInt(m.group("m"));
            return minute == 0 ? hour + " " + onTheHour : hour + " " + and + " " + speller.spell(minute, Speller.NUMBERING);
        });
    }
}
