package org.pockettts.text;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Portuguese: "1.234,56", "12%", "12,50 €" (doze euros e cinquenta cêntimos, "um milhão de
 * euros"), years, ordinals ("1º" primeiro, "1ª" primeira) and times ("14:30", "14h30" catorze e
 * trinta; "14h" catorze horas, "1h" uma hora).
 */
final class PortugueseNumbers extends RomanceNumbers {

    PortugueseNumbers() {
        super(Locale.forLanguageTag("pt"), "vírgula", "menos", "por cento", "e", Map.of(
                '$', new Currency("dólar", "dólares", MASCULINE, "centavo", "centavos", MASCULINE),
                '€', new Currency("euro", "euros", MASCULINE, "cêntimo", "cêntimos", MASCULINE),
                '£', new Currency("libra", "libras", FEMININE, "penny", "pence", MASCULINE)),
                Set.of("milhão", "milhões", "bilhão", "bilhões", "bilião", "biliões"), "de");
    }

    @Override
    List<NumberRule> ownRules() {
        return List.of(
                NumberRule.of("time", "(?<h>[01]?\\d|2[0-3])(?::(?<m>[0-5]\\d)|h(?<mh>[0-5]\\d)?)" + END, (m, text) -> {
                    // The hour agrees with the feminine "hora": "uma e cinco", "duas horas".
                    int h = Integer.parseInt(m.group("h"));
                    String hour = speller.spell(h, FEMININE);
                    String minutes = m.group("m") != null ? m.group("m") : m.group("mh");
                    int minute = minutes == null ? 0 : Integer.parseInt(minutes);
                    if (minute == 0) {
                        return hour + (h == 1 ? " hora" : " horas");
                    }
                    return hour + " e " + speller.spell(minute, Speller.NUMBERING);
                }),
                ordinalRule());
    }
}
