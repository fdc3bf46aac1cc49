package org.pockettts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits text arriving piece by piece (a pipe, a socket, the tokens of a language model) into
 * sentences, so that each can be spoken as soon as it is complete. Not thread-safe.
 *
 * <p>The rule: a sentence ends at white space (a space, a tab, a line end…) that follows a sentence
 * end — one of {@code . ! ? …}, optionally followed by closing quotes or brackets
 * ({@code " ' ” ’ » ) ]}) — and at the end of the input ({@link #flush()}). Consequences:
 * <ul>
 * <li>a run of ends stays with its sentence: {@code "Really?! Yes..."} is {@code "Really?!"} then
 *     {@code "Yes..."} (the white space after the run is what ends it);</li>
 * <li>closing quotes and brackets stay with their sentence: {@code "He said \"Stop.\" Then"}
 *     gives {@code "He said \"Stop.\""}, and {@code "(It works.) Next"} gives {@code "(It works.)"};</li>
 * <li>a point without white space after it ends nothing ({@code 3.5}, {@code example.com}); one
 *     with white space after it does, abbreviations included ({@code "Mr. Smith"} is two pieces);</li>
 * <li>a sentence end at the very end of the text seen so far ends nothing yet: what follows decides,
 *     so the result does not depend on where the pieces were cut;</li>
 * <li>line ends without a sentence end do not end a sentence.</li>
 * </ul>
 * Sentences are returned stripped of surrounding white space, and never blank.
 */
public final class SentenceSplitter {

    private final StringBuilder buffer = new StringBuilder();
    /** Where the next search for white space starts: everything before it was examined. */
    private int scanned;

    public SentenceSplitter() {
    }

    /** Appends text; returns the sentences it completed, in order, each stripped, never blank. */
    public List<String> append(CharSequence text) {
        buffer.append(text);
        List<String> sentences = new ArrayList<>();
        int start = 0;
        for (int i = Math.max(scanned, 1); i < buffer.length(); i++) {
            if (Character.isWhitespace(buffer.charAt(i)) && endsSentence(i, start)) {
                add(sentences, buffer.substring(start, i));
                start = i + 1;
            }
        }
        buffer.delete(0, start);
        scanned = buffer.length();
        return sentences;
    }

    /** Ends the input or flushes: the buffered rest, stripped; empty if blank. Buffer is empty afterwards. */
    public Optional<String> flush() {
        String rest = buffer.toString().strip();
        buffer.setLength(0);
        scanned = 0;
        return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }

    /** Whether the characters just before {@code end} (and from {@code start} on) close a sentence. */
    /** How many characters are buffered: the start of a sentence not yet complete. */
    public int buffered() {
        return buffer.length();
    }

    private boolean endsSentence(int end, int start) {
        int i = end - 1;
        while (i >= start && isCloser(buffer.charAt(i))) {
            i--;
        }
        return i >= start && isEnd(buffer.charAt(i));
    }

    private static void add(List<String> sentences, String piece) {
        String sentence = piece.strip();
        if (!sentence.isEmpty()) {
            sentences.add(sentence);
        }
    }

    private static boolean isEnd(char c) {
        return c == '.' || c == '!' || c == '?' || c == '…';
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == '”' || c == '’' || c == '»' || c == ')' || c == ']';
    }
}
