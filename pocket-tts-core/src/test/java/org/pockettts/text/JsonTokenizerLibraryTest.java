package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/**
 * Compares {@link JsonTokenizer} with the Hugging Face {@code tokenizers} library, which the
 * pocket-tts 3.3 reference runs, on seeded random texts and id sequences: the tiny fixture's
 * vocabulary in every supported shape of {@code tokenizer.json}, and the real Pocket TTS files of the
 * shared fixtures when present. Texts include literal names of special and byte pieces, which the
 * library reads as those pieces. Every failure names the seed that reproduces its input.
 */
class JsonTokenizerLibraryTest {

    private static final String REAL_JSON = "real/tokenizer/tokenizer.json";
    private static final String RECONSTRUCTED = "derived/tokenizer.reconstructed-from-tokenizer-json.model";

    @TempDir
    static Path dir;

    @Test
    void everyShapeOfTheTinyVocabularyEncodesAndDecodesAsTheLibrary() throws IOException {
        byte[] converted = TokenizerJsonConverter.convert("tiny", Files.readAllBytes(Fixtures.tiny("tokenizer.model")));
        for (TokenizerJsonVariants.Variant variant : TokenizerJsonVariants.ALL) {
            byte[] json = variant.apply(converted);
            JsonTokenizer ours = JsonTokenizer.fromBytes(variant.name(), json);
            try (LibraryTokenizer library = LibraryTokenizer.of(json, dir)) {
                compare(variant.name(), ours, library, 400, 200);
            }
        }
    }

    @Test
    void realTokenizerJsonAsPublishedEncodesAndDecodesAsTheLibrary() {
        Path file = Fixtures.shared(REAL_JSON);
        try (LibraryTokenizer library = LibraryTokenizer.of(file)) {
            compare("real tokenizer.json", JsonTokenizer.load(file), library, 1500, 500);
        }
    }

    @Test
    void realVocabularyInThePocketTts33FormEncodesAndDecodesAsTheLibrary() throws IOException {
        byte[] json = TokenizerJsonConverter.convert("reconstructed", Files.readAllBytes(Fixtures.shared(RECONSTRUCTED)));
        try (LibraryTokenizer library = LibraryTokenizer.of(json, dir)) {
            compare("real vocabulary, 3.3 form", JsonTokenizer.fromBytes("converted", json), library, 1500, 500);
        }
    }

    /** Ids of random texts, their decoding, and the decoding of random id sequences. */
    private static void compare(String name, JsonTokenizer ours, LibraryTokenizer library, int texts, int idSequences) {
        assertThat(ours.encode("<s>a<0x41>")).as("%s: literal piece names", name)
                .containsExactly(library.encode("<s>a<0x41>"));
        for (long seed = 0; seed < texts; seed++) {
            String text = RandomText.mixed(seed, true);
            int[] ids = ours.encode(text);
            assertThat(ids).as("%s: ids of %s (seed %d)", name, RandomText.escape(text), seed)
                    .containsExactly(library.encode(text));
            assertThat(ours.decode(ids)).as("%s: text of the ids of seed %d", name, seed).isEqualTo(library.decode(ids));
        }
        for (long seed = 0; seed < idSequences; seed++) {
            int[] ids = RandomText.ids(seed, ours.vocabSize());
            assertThat(ours.decode(ids)).as("%s: text of %s (seed %d)", name, Arrays.toString(ids), seed)
                    .isEqualTo(library.decode(ids));
        }
    }
}
