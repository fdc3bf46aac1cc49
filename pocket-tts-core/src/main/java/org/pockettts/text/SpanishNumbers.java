package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Spanish: "1.234,56", "12 %", "12,50 €" (doce euros con cincuenta céntimos, "un millón de
 * euros"), years, ordinals ("1.º" primero, "1.ª" primera, "1.er" primer) and times ("14:30"
 * catorce y treinta, "1:00" una en punto).
 */
final class SpanishNumbers extends RomanceNumbers {

    SpanishNumbers() {
        super(Locale.forLanguageTag("es"), "coma", "menos", "por ciento", "con", Map.of(
                '$', new Currency("dólar", "dólares", MASCULINE, "centavo", "centavos", MASCULINE),
                '€', new Currency("euro", "euros", MASCULINE, "céntimo", "céntimos", MASCULINE),
                '£', new Currency("libra", "libras", FEMININE, "penique", "peniques", MASCULINE)),
                Set.of("millón", "millones", "billón", "billones"), "de");
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                clockRule(":", "en punto", "y"),
                NumberRule.of("ordinal", "(?<int>\\d+)\\.?er(?![\\p{L}\\p{N}])",
                        (m, text) -> integer(m.group("int"), "%spellout-ordinal-masculine-adjective")),
                ordinalRule());
    }
}
