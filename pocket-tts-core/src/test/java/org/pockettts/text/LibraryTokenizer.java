package org.pockettts.text;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The Hugging Face {@code tokenizers} library (Rust, 0.21, through DJL's JNI binding, whose jar
 * carries the native library: nothing is downloaded) loading a {@code tokenizer.json}: the second
 * opinion on {@link JsonTokenizer}. It encodes as the reference does ({@code encode(text).ids}, with
 * special tokens, no truncation) and decodes with special tokens skipped.
 */
final class LibraryTokenizer implements AutoCloseable {

    private static String problem;
    private static boolean probed;

    private final HuggingFaceTokenizer tokenizer;

    private LibraryTokenizer(Path file) throws IOException {
        tokenizer = HuggingFaceTokenizer.newInstance(file,
                Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    }

    /**
     * The library on {@code json}, written to a file in {@code dir}; skips the test when the native
     * library does not load.
     */
    static LibraryTokenizer of(byte[] json, Path dir) {
        try {
            Path file = Files.createTempFile(dir, "tokenizer", ".json");
            Files.write(file, json);
            return of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The library on a {@code tokenizer.json}; skips the test when the native library does not load. */
    static synchronized LibraryTokenizer of(Path file) {
        if (!probed) {
            probed = true;
            try {
                new LibraryTokenizer(file).close();
            } catch (Throwable e) {
                problem = e.toString();
            }
        }
        assumeTrue(problem == null, () -> "skipped: the Hugging Face tokenizers library does not load here: " + problem);
        try {
            return new LibraryTokenizer(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int[] encode(String text) {
        return Arrays.stream(tokenizer.encode(text).getIds()).mapToInt(id -> (int) id).toArray();
    }

    String decode(int[] ids) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
