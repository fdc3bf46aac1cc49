package org.pockettts.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.pockettts.api.InvalidInputException;

/**
 * The characters of a UTF-8 table, one at a time with one character of push-back, counting lines.
 * A byte-order mark at the start is skipped; bytes that are not UTF-8 stop the reading with a
 * message naming the line, since no row after them could be trusted.
 */
final class TextInput implements AutoCloseable {

    private final Reader reader;
    private final String name;
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int at;
    private int pushedBack = -2;
    private long line = 1;

    TextInput(InputStream in, String name) {
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        this.name = name;
        if (peek() == '\uFEFF') {
            read();
        }
    }

    /** The next character, or -1 at the end. */
    int read() {
        int c;
        if (pushedBack != -2) {
            c = pushedBack;
            pushedBack = -2;
        } else {
            if (at == length && !fill()) {
                return -1;
            }
            c = buffer[at++];
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    /** Puts back {@code c}, the character just read, so that the next {@link #read()} returns it. */
    void unread(int c) {
        if (c == -1) {
            return;
        }
        if (c == '\n') {
            line--;
        }
        pushedBack = c;
    }

    /** The next character without consuming it, or -1 at the end. */
    int peek() {
        int c = read();
        unread(c);
        return c;
    }

    /** The line the next character is on, from 1. */
    long line() {
        return line;
    }

    private boolean fill() {
        try {
            int n = reader.read(buffer);
            if (n <= 0) {
                return false;
            }
            length = n;
            at = 0;
            return true;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("The table " + name + " is not UTF-8 text (line " + line
                    + " or the next): save it as UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // Only read from; nothing is lost.
        }
    }
}
