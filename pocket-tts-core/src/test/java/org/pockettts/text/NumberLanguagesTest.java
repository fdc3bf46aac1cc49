package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pockettts.api.InvalidInputException;

/** Readings in the languages other than English, each expected phrase written by hand. */
class NumberLanguagesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // German
        "de | 1.234                | eintausendzweihundertvierunddreißig",
        "de | 21                   | einundzwanzig",
        "de | -3,5                 | minus drei Komma fünf",
        "de | 1 000 000            | eine Million",
        "de | 12 %                 | zwölf Prozent",
        "de | 3,5 %                | drei Komma fünf Prozent",
        "de | 12,50 €              | zwölf Euro und fünfzig Cent",
        "de | 1 €                  | ein Euro",
        "de | £1                   | ein Pfund",
        "de | 0,99 $               | neunundneunzig Cent",
        "de | im Jahr 1984         | im Jahr neunzehnhundertvierundachtzig",
        "de | die 1990er           | die neunzehnhundertneunziger",
        "de | die 20er             | die zwanziger",
        "de | um 14:30             | um vierzehn Uhr dreißig",
        "de | um 14.30 Uhr         | um vierzehn Uhr dreißig",
        "de | um 1 Uhr             | um ein Uhr",
        "de | um 1:05              | um ein Uhr fünf",
        "de | um 20:00 Uhr         | um zwanzig Uhr",
        "de | am 3. Mai            | am dritten Mai",
        "de | die 2. Auflage       | die zweite Auflage",
        "de | in der 2. Runde      | in der zweiten Runde",
        "de | der 1. Platz         | der erste Platz",
        "de | Ich habe 3. Dann     | Ich habe drei. Dann",
        // French
        "fr | 1 234,56             | mille deux cent trente-quatre virgule cinq six",
        "fr | 1 234                | mille deux cent trente-quatre",
        "fr | 71                   | soixante-et-onze",
        "fr | -2                   | moins deux",
        "fr | 12 %                 | douze pour cent",
        "fr | 12,50 €              | douze euros et cinquante centimes",
        "fr | 1 €                  | un euro",
        "fr | 1 000 000 €          | un million d'euros",
        "fr | 2 000 000 $          | deux millions de dollars",
        "fr | 1 £                  | une livre",
        "fr | le 1er mai           | le premier mai",
        "fr | la 1re fois          | la première fois",
        "fr | la 1ère fois         | la première fois",
        "fr | le 2nd               | le second",
        "fr | la 2nde              | la seconde",
        "fr | le 3e, le 3ème       | le troisième, le troisième",
        "fr | les 2es              | les deuxièmes",
        "fr | à 14h30              | à quatorze heures trente",
        "fr | à 14 h               | à quatorze heures",
        "fr | à 1h                 | à une heure",
        "fr | à 21h01              | à vingt-et-une heures une",
        "fr | à 14:30              | à quatorze heures trente",
        "fr | en 1984              | en dix-neuf-cent quatre-vingt-quatre",
        // Spanish
        "es | 1.234,56             | mil doscientos treinta y cuatro coma cinco seis",
        "es | -7                   | menos siete",
        "es | 12 %                 | doce por ciento",
        "es | 12,50 €              | doce euros con cincuenta céntimos",
        "es | 1 €                  | un euro",
        "es | 21 €                 | veintiún euros",
        "es | 1.000.000 €          | un millón de euros",
        "es | 1 £                  | una libra",
        "es | $3,01                | tres dólares con un centavo",
        "es | el 1.º               | el primero",
        "es | la 1.ª               | la primera",
        "es | el 1.er piso         | el primer piso",
        "es | el 3er piso          | el tercer piso",
        "es | a las 14:30          | a las catorce y treinta",
        "es | a la 1:00            | a la una en punto",
        "es | en 1984              | en mil novecientos ochenta y cuatro",
        // Italian
        "it | 1.234,56             | milleduecentotrentaquattro virgola cinque sei",
        "it | 12%                  | dodici per cento",
        "it | 12,50 €              | dodici euro e cinquanta centesimi",
        "it | 1 €                  | un euro",
        "it | 1.000.000 €          | un milione di euro",
        "it | 2 £                  | due sterline",
        "it | il 1º                | il primo",
        "it | la 1ª                | la prima",
        "it | alle 14.30           | alle quattordici e trenta",
        "it | all'1:00             | all'una in punto",
        "it | dell'8%              | dell'otto per cento",
        "fr | d'1,5 %              | d'un virgule cinq pour cent",
        "it | nel 1984             | nel millenovecentottantaquattro",
        // Portuguese
        "pt | 1.234,56             | mil duzentos e trinta e quatro vírgula cinco seis",
        "pt | 12%                  | doze por cento",
        "pt | 12,50 €              | doze euros e cinquenta cêntimos",
        "pt | 1 €                  | um euro",
        "pt | 1.000.000 €          | um milhão de euros",
        "pt | 2 £                  | duas libras",
        "pt | o 1º                 | o primeiro",
        "pt | a 1ª                 | a primeira",
        "pt | às 14h30             | às catorze e trinta",
        "pt | às 14h               | às catorze horas",
        "pt | à 1h                 | à uma hora",
        "pt | em 1984              | em mil novecentos e oitenta e quatro",
        // Dutch
        "nl | 1.234,56             | duizendtweehonderdvierendertig komma vijf zes",
        "nl | -4                   | min vier",
        "nl | 12%                  | twaalf procent",
        "nl | € 12,50              | twaalf euro en vijftig cent",
        "nl | 1 €                  | een euro",
        "nl | £ 3,99               | drie pond en negenennegentig pence",
        "nl | de 1e, 2de, 8ste     | de eerste, tweede, achtste",
        "nl | om 14:30             | om veertien uur dertig",
        "nl | om 14.30 uur         | om veertien uur dertig",
        "nl | in 1984              | in negentienvierentachtig",
    })
    void readings(String language, String text, String expected) {
        assertThat(NumberNormalizer.forLocale(Locale.forLanguageTag(language)).normalize(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "de | Version 1.2.3, Tel. 555-1234, 1.5 und 14.30 ohne Uhr",
        "fr | Version 1.2.3, tél. 555-1234, 1.5",
        "nl | versie 1.2.3 en 14.30 zonder de klok",
    })
    void whatIsNotANumberIsLeftAsItIs(String language, String text) {
        assertThat(NumberNormalizer.forLocale(Locale.forLanguageTag(language)).normalize(text)).isEqualTo(text);
    }

    @Test
    void theCountryDoesNotMatter() {
        assertThat(NumberNormalizer.forLocale(Locale.UK).normalize("£2")).isEqualTo("two pounds");
        assertThat(NumberNormalizer.forLocale(Locale.forLanguageTag("pt-BR")).locale()).isEqualTo(Locale.forLanguageTag("pt-BR"));
    }

    @Test
    void otherLanguagesAreRefusedNamingTheSupportedOnes() {
        assertThat(NumberNormalizer.supportedLanguages()).containsExactly("de", "en", "es", "fr", "it", "nl", "pt");
        assertThatThrownBy(() -> NumberNormalizer.forLocale(Locale.JAPANESE)).isInstanceOf(InvalidInputException.class)
                .hasMessage("Reading numbers aloud is not available in Japanese (\"ja\"); it is available in de, en, es, fr, it, nl, pt");
    }
}
