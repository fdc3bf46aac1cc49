package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Metaspace} pre-tokenizer and decoder of Hugging Face {@code tokenizers}: spaces become
 * the replacement character (U+2581), which is put in front of a piece that does not already start
 * with it (always, only for the piece at the start of the text, or never), and the piece is cut in
 * front of each replacement character ({@code split}). Decoding turns the replacement back into a
 * space, except in the first token when a prefix was prepended, where it is dropped.
 *
 * @param replacement the replacement character
 * @param prependScheme when a replacement is put in front of a piece
 * @param split whether pieces are cut in front of each replacement
 */
record Metaspace(String replacement, PrependScheme prependScheme, boolean split) {

    /** When the replacement is put in front of a piece that does not start with it. */
    enum PrependScheme {
        ALWAYS, FIRST, NEVER
    }

    /**
     * Appends the words of one piece of normalized text to {@code words}.
     *
     * @param atTextStart whether the piece starts the original text (nothing, not even an added
     *     token, before it)
     */
    void preTokenize(String piece, boolean atTextStart, List<String> words) {
        String text = piece.replace(" ", replacement);
        boolean prepend = switch (prependScheme) {
            case ALWAYS -> true;
            case FIRST -> atTextStart;
            case NEVER -> false;
        };
        if (prepend && !text.startsWith(replacement)) {
            text = replacement + text;
        }
        if (!split) {
            words.add(text);
            return;
        }
        int wordStart = 0;
        int next = text.indexOf(replacement, 1);
        while (next > 0) {
            words.add(text.substring(wordStart, next));
            wordStart = next;
            next = text.indexOf(replacement, next + replacement.length());
        }
        words.add(text.substring(wordStart));
    }

    /** The decoder step: each replacement a space, or nothing in the first token unless nothing was prepended. */
    List<String> decode(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            out.add(tokens.get(i).replace(replacement, i == 0 && prependScheme != PrependScheme.NEVER ? "" : " "));
        }
        return out;
    }
}
