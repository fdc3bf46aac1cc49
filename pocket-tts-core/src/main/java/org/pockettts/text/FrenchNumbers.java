package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * French: "1 234,56" (groups of three separated by spaces), "12 %", "12,50 €" (douze euros et
 * cinquante centimes, "un million d'euros"), years, ordinals ("1er", "1re", "2e", "2nde", "3ème")
 * and times ("14h30", "14 h", "14:30" quatorze heures trente; "1h" une heure).
 */
final class FrenchNumbers extends NumberLanguage {

    private static final String MASCULINE = "%spellout-cardinal-masculine";
    private static final String FEMININE = "%spellout-cardinal-feminine";
    /** Numbers ending in these take "de" before a noun: "un million d'euros". */
    private static final Set<String> DE_AFTER = Set.of("million", "millions", "milliard", "milliards");

    FrenchNumbers() {
        super(Locale.FRENCH, " \\u00A0\\u202F", ',', "virgule", "moins", "pour cent", "et", Map.of(
                '$', new Currency("dollar", "dollars", MASCULINE, "cent", "cents", MASCULINE),
                '€', new Currency("euro", "euros", MASCULINE, "centime", "centimes", MASCULINE),
                '£', new Currency("livre", "livres", FEMININE, "penny", "pence", MASCULINE)));
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                NumberRule.of("time", "(?<h>[01]?\\d|2[0-3])(?::(?<m>[0-5]\\d)|" + SPACE + "?h(?:" + SPACE + "?(?<mh>[0-5]\\d))?)"
                        + "(?![\\p{L}\\p{N}])", (m, text) -> time(m.group("h"), m.group("m") != null ? m.group("m") : m.group("mh"))),
                NumberRule.of("ordinal", "(?<int>\\d+)(?<suffix>ères|ère|res|re|ers|er|ndes|nde|nds|nd|èmes|ème|emes|eme|es|e)"
                        + "(?![\\p{L}\\p{N}])", (m, text) -> ordinal(m.group("int"), m.group("suffix"))));
    }

    /** In French a currency's name is singular below two: "zéro euro", "un euro". */
    @Override
    boolean singular(long count) {
        return count < 2;
    }

    @Override
    String withUnit(String spelled, String unit) {
        if (DE_AFTER.contains(lastWord(spelled))) {
            return spelled + ("aeiouyéèêh".indexOf(unit.charAt(0)) >= 0 ? " d'" : " de ") + unit;
        }
        return spelled + " " + unit;
    }

    /** "14h30" quatorze heures trente; "heure" is feminine, so are the minutes: "une heure une". */
    private String time(String hour, String minutes) {
        int h = Integer.parseInt(hour);
        String words = speller.spell(h, FEMININE) + (h < 2 ? " heure" : " heures");
        int minute = minutes == null ? 0 : Integer.parseInt(minutes);
        return minute > 0 ? words + " " + speller.spell(minute, FEMININE) : words;
    }

    /** "1er" premier, "1re" première, "2nd(e)" second(e), "3e"/"3ème" troisième, with plurals in -s. */
    private String ordinal(String number, String suffix) {
        boolean plural = suffix.endsWith("s");
        String singularSuffix = plural ? suffix.substring(0, suffix.length() - 1) : suffix;
        boolean feminine = Set.of("ère", "re", "nde").contains(singularSuffix);
        if (singularSuffix.startsWith("nd") && number.equals("2")) {
            return (feminine ? "seconde" : "second") + (plural ? "s" : "");
        }
        return integer(number, "%spellout-ordinal-" + (feminine ? "feminine" : "masculine") + (plural ? "-plural" : ""));
    }
}
