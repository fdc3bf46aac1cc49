package org.pockettts.text;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * pocket-tts 3.3's {@code replace_characters} step of the text preparation.
 *
 * <p>RECONSTRUCTED: the body of this step is not read from upstream code, which was not available,
 * but rebuilt from the 3.3 release notes and other ports (see MODEL-PACKS.md and the tiny-v3
 * fixture's README); the goldens of {@code tiny-v3} were made with this reconstruction. If the
 * published code turns out to differ, {@link #apply} is the one place to correct.
 */
final class CharacterReplacement {

    /**
     * A {@code , ; :} right after a sentence mark, with the spaces between: {@code "Hi?", she} reads
     * {@code Hi? she}.
     */
    private static final Pattern CLAUSE_MARK_AFTER_SENTENCE_MARK = Pattern.compile("([.!?\u2026]) *[,;:]");

    private CharacterReplacement() {
    }

    /**
     * Python's {@code str.translate} with {@code replacements} (keys of one code point; values may
     * be empty, deleting the character, or longer than one character), then runs of whitespace
     * collapsed to one space as {@code " ".join(text.split())}, then a clause mark right after a
     * sentence mark removed. The caller applies it only when the map is not empty.
     */
    static String apply(String text, Map<String, String> replacements) {
        StringBuilder translated = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String replacement = replacements.get(Character.toString(cp));
            if (replacement == null) {
                translated.appendCodePoint(cp);
            } else {
                translated.append(replacement);
            }
        });
        String collapsed = PythonText.collapseWhitespace(translated.toString());
        return CLAUSE_MARK_AFTER_SENTENCE_MARK.matcher(collapsed).replaceAll("$1");
    }
}
