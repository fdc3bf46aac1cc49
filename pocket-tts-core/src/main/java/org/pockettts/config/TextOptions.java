package org.pockettts.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text options a model configuration may set (root keys of the pocket-tts 2.x and 3.x YAML),
 * with the defaults of pocket-tts 3.3. Which of them a behaviour honours is up to its text rules:
 * 2.1.0 knows only the first two, 1.0.1 none.
 *
 * @param padWithSpacesForShortInputs {@code pad_with_spaces_for_short_inputs} (default false)
 * @param removeSemicolons {@code remove_semicolons} (default false)
 * @param appendTerminalPunctuation {@code append_terminal_punctuation} (default true)
 * @param capitalizeFirstLetter {@code capitalize_first_letter} (default true)
 * @param replaceCharacters {@code replace_characters} (default empty): each key one character
 */
public record TextOptions(boolean padWithSpacesForShortInputs, boolean removeSemicolons,
        boolean appendTerminalPunctuation, boolean capitalizeFirstLetter, Map<String, String> replaceCharacters) {

    /** The options of a configuration that sets none of them. */
    public static final TextOptions DEFAULTS = new TextOptions(false, false, true, true, Map.of());

    /**
     * @throws IllegalArgumentException if a key of {@code replaceCharacters} is not exactly one
     *     character (one code point), which Python's {@code str.maketrans} refuses too
     */
    public TextOptions {
        replaceCharacters = checkedReplacements(replaceCharacters);
    }

    /**
     * An unmodifiable copy of a {@code replace_characters} map that keeps its order.
     *
     * @throws IllegalArgumentException if a key is not exactly one character (one code point) or a
     *     replacement is missing
     */
    public static Map<String, String> checkedReplacements(Map<String, String> replacements) {
        Map<String, String> copy = new LinkedHashMap<>();
        replacements.forEach((key, value) -> {
            if (key == null || key.codePointCount(0, key.length()) != 1) {
                throw new IllegalArgumentException("replace_characters: each key must be exactly one character, not \""
                        + key + "\"");
            }
            if (value == null) {
                throw new IllegalArgumentException("replace_characters: the replacement of \"" + key
                        + "\" is missing (use \"\" to delete the character)");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
