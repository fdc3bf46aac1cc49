package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dutch: "1.234,56", "12%", "€ 12,50" (twaalf euro en vijftig cent), years, ordinals ("1e",
 * "1ste", "2de" eerste, tweede) and times ("14:30", "14.30 uur" veertien uur dertig).
 */
final class DutchNumbers extends NumberLanguage {

    private static final String CARDINAL = "%spellout-cardinal";

    DutchNumbers() {
        super(Locale.forLanguageTag("nl"), ". \\u00A0\\u202F", ',', "komma", "min", "procent", "en", Map.of(
                '$', new Currency("dollar", "dollar", CARDINAL, "cent", "cent", CARDINAL),
                '€', new Currency("euro", "euro", CARDINAL, "cent", "cent", CARDINAL),
                '£', new Currency("pond", "pond", CARDINAL, "penny", "pence", CARDINAL)));
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                NumberRule.of("time", "(?<h>[01]?\\d|2[0-3])(?<sep>[:.])(?<m>[0-5]\\d)(?<uur>" + SPACE + "?uur)?" + END, (m, text) -> {
                    if (m.group("sep").equals(".") && m.group("uur") == null) {
                        return null;
                    }
                    String words = speller.spell(Integer.parseInt(m.group("h")), CARDINAL) + " uur";
                    int minute = Integer.parseInt(m.group("m"));
                    return minute == 0 ? words : words + " " + speller.spell(minute, CARDINAL);
                }),
                NumberRule.of("ordinal", "(?<int>\\d+)(?:ste|de|e)(?![\\p{L}\\p{N}])", (m, text) -> integer(m.group("int"), "%spellout-ordinal")));
    }
}
