package org.pockettts.text;

/**
 * A place in a text as people count it, for error messages: line and column from 1, a column
 * being one character (code point); a line ends at {@code \n}.
 */
record TextPosition(int line, int column) {

    static final TextPosition START = new TextPosition(1, 1);

    /** The place of {@code text.charAt(index)}, when {@code text} begins at this place. */
    TextPosition advance(CharSequence text, int index) {
        int line = this.line;
        int column = this.column;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new TextPosition(line, column);
    }

    @Override
    public String toString() {
        return "line " + line + ", column " + column;
    }
}
