package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Italian: "1.234,56", "12%", "12,50 €" (dodici euro e cinquanta centesimi, "un milione di
 * euro"), years, ordinals ("1º" primo, "1ª" prima) and times ("14:30", "14.30" quattordici e
 * trenta; "14:00" quattordici in punto).
 */
final class ItalianNumbers extends RomanceNumbers {

    ItalianNumbers() {
        super(Locale.ITALIAN, "virgola", "meno", "per cento", "e", Map.of(
                '$', new Currency("dollaro", "dollari", MASCULINE, "centesimo", "centesimi", MASCULINE),
                '€', new Currency("euro", "euro", MASCULINE, "centesimo", "centesimi", MASCULINE),
                '£', new Currency("sterlina", "sterline", FEMININE, "penny", "pence", MASCULINE)),
                Set.of("milione", "milioni", "miliardo", "miliardi"), "di");
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                clockRule(":.", "in punto", "e"),
                ordinalRule());
    }
}
