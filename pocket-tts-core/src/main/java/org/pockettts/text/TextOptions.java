package org.pockettts.text;

import java.util.Map;

/**
 * The text options a model configuration may set (root keys of the pocket-tts 2.x and 3.x YAML),
 * with the defaults of pocket-tts 3.3. Which of them a behaviour honours is up to its
 * {@link TextRules} preset: 2.1.0 knows only the first two.
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
        replaceCharacters = CharacterReplacement.checkedCopy(replaceCharacters);
    }
}
