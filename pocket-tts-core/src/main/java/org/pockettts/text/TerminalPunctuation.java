package org.pockettts.text;

/** How a prepared prompt is made to end like a sentence. */
public enum TerminalPunctuation {

    /** Left as it is (pocket-tts 3.3 with {@code append_terminal_punctuation: false}). */
    NONE {
        @Override
        String apply(String text) {
            return text;
        }
    },

    /** pocket-tts 1.0.1 and 2.1.0: a "." after a final letter or numeric character (Python's {@code isalnum}). */
    AFTER_LETTER_OR_DIGIT {
        @Override
        String apply(String text) {
            return PythonText.isAlnum(text.codePointBefore(text.length())) ? text + "." : text;
        }
    },

    /**
     * pocket-tts 3.3's {@code append_terminal_punctuation}: text that ends with a sentence mark,
     * possibly followed by closing quotes or brackets and spaces, is left alone; text whose last
     * marks before those closers are clause marks ({@code , ; : - – —}) has them, with the spaces
     * among them, replaced by one "." in front of the closers ({@code "hello world,"} becomes
     * {@code "hello world."}); anything else gets a "." at the very end (also after closers:
     * {@code he said "go home"} becomes {@code he said "go home".}). Text made only of closers is
     * left alone.
     */
    CLOSE_SENTENCE {
        @Override
        String apply(String text) {
            int bodyEnd = text.length();
            while (bodyEnd > 0 && isCloserOrSpace(text.codePointBefore(bodyEnd))) {
                bodyEnd -= Character.charCount(text.codePointBefore(bodyEnd));
            }
            if (bodyEnd == 0) {
                return text;
            }
            int last = text.codePointBefore(bodyEnd);
            if (SENTENCE_MARKS.indexOf(last) >= 0) {
                return text;
            }
            if (CLAUSE_MARKS.indexOf(last) < 0) {
                return text + ".";
            }
            int coreEnd = bodyEnd;
            while (coreEnd > 0 && isClauseMarkOrSpace(text.codePointBefore(coreEnd))) {
                coreEnd -= Character.charCount(text.codePointBefore(coreEnd));
            }
            return text.substring(0, coreEnd) + "." + PythonText.strip(text.substring(bodyEnd));
        }
    };

    private static final String SENTENCE_MARKS = ".!?\u2026";
    private static final String CLAUSE_MARKS = ",;:-\u2013\u2014";
    private static final String CLOSERS = "\"'\u201D\u2019)]\u00BB";

    /** {@code text} (not empty) with this rule applied. */
    abstract String apply(String text);

    private static boolean isCloserOrSpace(int cp) {
        return CLOSERS.indexOf(cp) >= 0 || PythonText.isSpace(cp);
    }

    private static boolean isClauseMarkOrSpace(int cp) {
        return CLAUSE_MARKS.indexOf(cp) >= 0 || PythonText.isSpace(cp);
    }
}
