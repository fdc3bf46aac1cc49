package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** English readings, each expected phrase written by hand. */
class EnglishNumbersTest {

    private static final NumberNormalizer ENGLISH = NumberNormalizer.forLocale(Locale.US);

    private static void reads(String text, String expected) {
        assertThat(ENGLISH.normalize(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0                  | zero",
        "7                  | seven",
        "42                 | forty-two",
        "101                | one hundred one",
        "999                | nine hundred ninety-nine",
        "1,234              | one thousand two hundred thirty-four",
        "12,000             | twelve thousand",
        "1,000,000          | one million",
        "3,000,000,017      | three billion seventeen",
        "999,999,999,999,999 | nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred ninety-nine million nine hundred ninety-nine thousand nine hundred ninety-nine",
        "2100               | two thousand one hundred",
        "-5                 | minus five",
        "−12                | minus twelve",
        "-1,234             | minus one thousand two hundred thirty-four",
        "007                | zero zero seven",
        "1234567890123456   | one two three four five six seven eight nine zero one two three four five six",
    })
    void cardinals(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1,234.56  | one thousand two hundred thirty-four point five six",
        "3.14159   | three point one four one five nine",
        "0.5       | zero point five",
        "-0.25     | minus zero point two five",
        "10.05     | ten point zero five",
    })
    void decimals(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1st     | first",
        "2nd     | second",
        "3rd     | third",
        "7th     | seventh",
        "11th    | eleventh",
        "12th    | twelfth",
        "21st    | twenty-first",
        "22nd    | twenty-second",
        "100th   | one hundredth",
        "112th   | one hundred twelfth",
        "1,000th | one thousandth",
        "2ND     | second",
    })
    void ordinals(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "12%     | twelve percent",
        "3.5%    | three point five percent",
        "100 %   | one hundred percent",
        "-2%     | minus two percent",
        "0.1%    | zero point one percent",
    })
    void percentages(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "$12          | twelve dollars",
        "$12.50       | twelve dollars and fifty cents",
        "$12.5        | twelve dollars and fifty cents",
        "$1           | one dollar",
        "$1.01        | one dollar and one cent",
        "$1.00        | one dollar",
        "€5           | five euros",
        "£3.99        | three pounds and ninety-nine pence",
        "£0.01        | one penny",
        "$1,000,000   | one million dollars",
        "$0.99        | ninety-nine cents",
        "$0           | zero dollars",
        "$ 5          | five dollars",
        "5€           | five euros",
        "-$5          | minus five dollars",
        "$1.5 million | one point five million dollars",
        "$2 billion   | two billion dollars",
        "$12.505      | twelve point five zero five dollars",
    })
    void currency(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "in 1984     | in nineteen eighty-four",
        "in 1905     | in nineteen oh-five",
        "in 2000     | in two thousand",
        "in 2008     | in two thousand eight",
        "in 2024     | in twenty twenty-four",
        "in 1100     | in eleven hundred",
        "the 1990s   | the nineteen nineties",
        "the 2000s   | the two thousands",
        "the 1800s   | the eighteen hundreds",
        "the 80s     | the eighties",
        "1,984 sheep | one thousand nine hundred eighty-four sheep",
        "1099 sheep  | one thousand ninety-nine sheep",
    })
    void years(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3:30         | three thirty",
        "3:00         | three o'clock",
        "12:05 pm     | twelve oh five PM",
        "12:05PM      | twelve oh five PM",
        "7 am         | seven AM",
        "7am          | seven AM",
        "10:45 a.m    | ten forty-five AM",
        "14:00        | fourteen hundred",
        "14:30        | fourteen thirty",
        "00:15        | zero fifteen",
        "at 9 p.m. on | at nine PM on",
        "Call at 9 p.m. Then | Call at nine PM. Then",
        "Come at 9 p.m. | Come at nine PM.",
        "Wake at 7 am. | Wake at seven AM.",
    })
    void times(String text, String expected) {
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Version 1.2.3 is out",
        "Call 555-1234 now",
        "On 2024-01-15 we met",
        "Add 3/4 cup, 24/7",
        "An mp3 in 4K, 3D, H2O",
        "v2.0 and x86_64",
        "1,23 and 1,0000",
        "10:30:15 and 25:00 and 9:60",
        "1e5",
        "pages 10-20",
        "No numbers at all: $, %, €, 1st-rate? [pause]",
    })
    void whatIsNotANumberIsLeftAsItIs(String text) {
        String expected = text.replace("1st-rate", "first-rate");
        reads(text, expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "COVID-19 cases          | COVID-nineteen cases",
        "a 5-year-old            | a five-year-old",
        "(5) items; 6, 7 and 8.  | (five) items; six, seven and eight.",
        "It costs $12.50, not $13! | It costs twelve dollars and fifty cents, not thirteen dollars!",
        "Q3 2024                 | Q3 twenty twenty-four",
    })
    void numbersInSentences(String text, String expected) {
        reads(text, expected);
    }
}
