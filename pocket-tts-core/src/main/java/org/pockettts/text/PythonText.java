package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} methods that the reference's text preparation relies on, with Python's
 * definitions of whitespace, case and alphanumerics (which are not Java's {@code trim} or
 * {@code Character.isWhitespace}).
 */
final class PythonText {

    private PythonText() {
    }

    /**
     * Python's {@code str.isspace} for one code point: general category Zs or bidirectional class
     * WS, B or S. This includes U+00A0 and U+202F, which Java's {@code isWhitespace} excludes.
     */
    static boolean isSpace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029,
                 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Python's {@code str.strip()}. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isSpace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.split()}: the words between runs of whitespace. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        int wordStart = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isSpace(cp)) {
                if (wordStart >= 0) {
                    words.add(s.substring(wordStart, i));
                    wordStart = -1;
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i += Character.charCount(cp);
        }
        if (wordStart >= 0) {
            words.add(s.substring(wordStart));
        }
        return words;
    }

    /**
     * Python's {@code str.isupper()} on a single code point: it has the Unicode Uppercase property
     * (general category Lu, or Other_Uppercase), which is also Java's definition.
     */
    static boolean isUpper(int cp) {
        return Character.isUpperCase(cp);
    }

    /**
     * Python's {@code str.upper()} on a single code point: the full case mapping, which may give
     * several characters ('ß' becomes "SS").
     */
    static String upper(int cp) {
        return Character.toString(cp).toUpperCase(Locale.ROOT);
    }

    /**
     * Python's {@code str.isalnum()} on a single code point: a letter (Lu, Ll, Lt, Lm, Lo) or a
     * character with a numeric value (Nd, Nl, No: '²', '½' and 'Ⅻ' count).
     */
    static boolean isAlnum(int cp) {
        if (Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /**
     * The characters that Python's {@code str.isdigit} accepts besides the decimal digits (general
     * category Nd): those of Unicode Numeric_Type=Digit, such as superscript two and circled digit one
     * (U+00B2, U+2460). Taken from Python 3.11's {@code unicodedata} (Unicode 14); ranges of
     * inclusive bounds.
     */
    private static final int[][] DIGITS_NOT_DECIMAL = {
        {0xB2, 0xB3}, {0xB9, 0xB9}, {0x1369, 0x1371}, {0x19DA, 0x19DA}, {0x2070, 0x2070}, {0x2074, 0x2079},
        {0x2080, 0x2089}, {0x2460, 0x2468}, {0x2474, 0x247C}, {0x2488, 0x2490}, {0x24EA, 0x24EA},
        {0x24F5, 0x24FD}, {0x24FF, 0x24FF}, {0x2776, 0x277E}, {0x2780, 0x2788}, {0x278A, 0x2792},
        {0x10A40, 0x10A43}, {0x10E60, 0x10E68}, {0x11052, 0x1105A}, {0x1F100, 0x1F10A},
    };

    /** Python's {@code str.isdigit()} on a single code point: a decimal digit or a Numeric_Type=Digit character. */
    static boolean isDigit(int cp) {
        if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
            return true;
        }
        for (int[] range : DIGITS_NOT_DECIMAL) {
            if (cp >= range[0] && cp <= range[1]) {
                return true;
            }
        }
        return false;
    }

    /** Python's {@code " ".join(s.split())}: runs of whitespace become one space, none at either end. */
    static String collapseWhitespace(String s) {
        return String.join(" ", split(s));
    }
}
