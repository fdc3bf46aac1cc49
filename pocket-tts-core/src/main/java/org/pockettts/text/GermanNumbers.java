package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * German: "1.234,56", "12 %", "12,50 €", years, decades ("1990er", "20er"), times ("14:30",
 * "14.30 Uhr", "1 Uhr") and ordinals written "3." where the word before shows the ending: "am 3.
 * Mai" becomes "am dritten Mai", "die 3. Auflage" "die dritte Auflage". Without such a word
 * ("3. Mai", or a number ending a sentence) the number is read as a cardinal and the full stop
 * kept: the ending cannot be told.
 */
final class GermanNumbers extends NumberLanguage {

    private static final String MASCULINE = "%spellout-cardinal-masculine";
    private static final String NEUTER = "%spellout-cardinal-neuter";
    /** After these the weak ending -en: "am dritten", "den dritten", "zur dritten". */
    private static final Set<String> WEAK_EN = Set.of("am", "im", "vom", "zum", "zur", "beim", "dem", "den", "des",
            "einem", "einen", "eines", "einer", "ihrem", "ihren", "seinem", "seinen", "unserem", "unseren");
    /** After these the ending -e ("die dritte"); "der" only when no preposition comes before it ("in der dritten"). */
    private static final Set<String> WEAK_E = Set.of("der", "die", "das");
    private static final Set<String> PREPOSITIONS = Set.of("in", "an", "auf", "aus", "bei", "mit", "nach", "seit", "von",
            "zu", "vor", "während", "wegen", "unter", "über", "hinter", "neben", "zwischen", "trotz", "bis");
    private static final Pattern PREVIOUS_WORDS = Pattern.compile("(?:(\\p{L}+)\\s+)?(\\p{L}+)\\s+$");

    GermanNumbers() {
        super(Locale.GERMAN, ". \\u00A0\\u202F", ',', "Komma", "minus", "Prozent", "und", Map.of(
                '$', new Currency("Dollar", "Dollar", MASCULINE, "Cent", "Cent", MASCULINE),
                '€', new Currency("Euro", "Euro", MASCULINE, "Cent", "Cent", MASCULINE),
                '£', new Currency("Pfund", "Pfund", NEUTER, "Penny", "Pence", MASCULINE)));
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                NumberRule.of("time", "(?<h>[01]?\\d|2[0-3])(?<sep>[:.])(?<m>[0-5]\\d)(?<uhr>" + SPACE + "?Uhr)?" + END, (m, text) ->
                        m.group("sep").equals(".") && m.group("uhr") == null ? null : time(m.group("h"), m.group("m"))),
                NumberRule.of("time", "(?<h>[01]?\\d|2[0-3])" + SPACE + "?Uhr(?![\\p{L}\\p{N}])", (m, text) -> time(m.group("h"), null)),
                NumberRule.of("ordinal", "(?<int>\\d+)\\.(?=" + SPACE + "\\p{L})", this::ordinal),
                NumberRule.of("decade", "(?<decade>(?:1[1-9]|20)\\d0|[1-9]0)er(?![\\p{L}\\p{N}])", (m, text) -> {
                    String digits = m.group("decade");
                    return speller.spell(Long.parseLong(digits), digits.length() == 4 ? Speller.YEAR : Speller.NUMBERING) + "er";
                }));
    }

    /** "14:30" vierzehn Uhr dreißig, "1 Uhr" ein Uhr, "14:00" vierzehn Uhr. */
    private String time(String hour, String minutes) {
        String words = speller.spell(Integer.parseInt(hour), MASCULINE) + " Uhr";
        int minute = minutes == null ? 0 : Integer.parseInt(minutes);
        return minute > 0 ? words + " " + speller.spell(minute, Speller.NUMBERING) : words;
    }

    private String ordinal(Matcher m, CharSequence text) {
        // Two words back are enough; a bounded look keeps long texts linear.
        Matcher before = PREVIOUS_WORDS.matcher(text).region(Math.max(0, m.start() - 64), m.start());
        if (!before.find()) {
            return null;
        }
        String article = before.group(2).toLowerCase(Locale.GERMAN);
        String preceding = before.group(1) == null ? "" : before.group(1).toLowerCase(Locale.GERMAN);
        String ruleSet;
        if (WEAK_EN.contains(article) || (article.equals("der") && PREPOSITIONS.contains(preceding))) {
            ruleSet = "%spellout-ordinal-n";
        } else if (WEAK_E.contains(article)) {
            ruleSet = "%spellout-ordinal";
        } else {
            return null;
        }
        return integer(m.group("int"), ruleSet);
    }
}
