package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.pockettts.api.ModelFormatException;

/** Reads a tokenizer file whole, with the messages a user sees when it is missing or unreadable. */
final class TokenizerFiles {

    private TokenizerFiles() {
    }

    /**
     * @param kind what the file is called in messages ("model" for a SentencePiece model, "file")
     * @throws ModelFormatException if the file does not exist or cannot be read
     */
    static byte[] read(Path file, String kind) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException("Tokenizer " + kind + " not found: " + file);
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read tokenizer " + kind + " " + file + ": " + e.getMessage(), e);
        }
    }
}
