package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.pockettts.api.ModelFormatException;

/**
 * A Hugging Face {@code tokenizer.json} with a Unigram model, in plain Java: the format the
 * pocket-tts 3.x configurations point at, converted from the SentencePiece models. It gives the ids
 * and text of the reference's {@code tokenizers.Tokenizer.from_file(path)}, {@code encode(text).ids}
 * and {@code decode(ids)}: added tokens cut out first, then the normalizer, the {@code Metaspace}
 * pre-tokenizer, the Unigram model with byte fallback, the post-processor's template, and for decoding
 * the decoder chain with special tokens skipped.
 *
 * <p>Supported parts, which cover SentencePiece conversions: normalizers {@code Prepend},
 * {@code Replace} (string pattern) and {@code Sequence} of them; pre-tokenizer {@code Metaspace};
 * model {@code Unigram}; post-processor {@code TemplateProcessing}; decoders {@code Metaspace},
 * {@code Replace}, {@code ByteFallback}, {@code Fuse}, {@code Strip} and {@code Sequence} of them.
 * Anything else is refused when loading, naming the file and the part.
 *
 * <p>On the same vocabulary this gives the ids of {@link SentencePieceTokenizer}, except where the
 * two libraries differ by design: a literal added
 * token in the text ({@code <s>} is id 1 here, text there), a literal byte-piece name such as
 * {@code <0x41>} (the byte piece here), score sums that tie in float but not in double; and in
 * decoding, the unknown id (skipped here, {@code " ⁇ "} there) and invalid UTF-8 byte runs
 * (every byte of the run U+FFFD here, only the invalid bytes there).
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class JsonTokenizer implements Tokenizer {

    private final String source;
    private final AddedTokens addedTokens;
    private final UnaryOperator<String> normalizer;
    private final Metaspace preTokenizer;
    private final HfUnigram model;
    private final int[] prefixIds;
    private final int[] suffixIds;
    private final String[] tokenTexts;
    private final UnaryOperator<List<String>> decoder;

    /** The parts a {@link TokenizerJsonReader} reads from a file. */
    record Parts(AddedTokens addedTokens, UnaryOperator<String> normalizer, Metaspace preTokenizer, HfUnigram model,
            int[] prefixIds, int[] suffixIds, String[] tokenTexts, UnaryOperator<List<String>> decoder) {
    }

    private JsonTokenizer(String source, Parts parts) {
        this.source = source;
        this.addedTokens = parts.addedTokens();
        this.normalizer = parts.normalizer();
        this.preTokenizer = parts.preTokenizer();
        this.model = parts.model();
        this.prefixIds = parts.prefixIds();
        this.suffixIds = parts.suffixIds();
        this.tokenTexts = parts.tokenTexts();
        this.decoder = parts.decoder();
    }

    /**
     * Loads a {@code tokenizer.json}.
     *
     * @throws ModelFormatException if the file cannot be read, is not a tokenizer.json, or uses a
     *     part this tokenizer does not run (the message names the file and the part)
     */
    public static JsonTokenizer load(Path file) {
        byte[] bytes = TokenizerFiles.read(file, "file");
        return fromBytes(file.toString(), bytes);
    }

    /**
     * Reads a tokenizer from the bytes of a {@code tokenizer.json}.
     *
     * @param source where the bytes come from, for error messages
     * @throws ModelFormatException as {@link #load}
     */
    public static JsonTokenizer fromBytes(String source, byte[] json) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(json, "json");
        return new JsonTokenizer(source, TokenizerJsonReader.read(source, json));
    }

    /**
     * The ids of {@code text}, with whatever the file's post-processor adds (the reference encodes
     * with special tokens). Unpaired surrogates are read as {@code '?'}, as Java's UTF-8 encoder
     * writes them.
     */
    @Override
    public int[] encode(String text) {
        String clean = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        IdList ids = new IdList();
        ids.addAll(prefixIds);
        List<String> words = new ArrayList<>();
        for (AddedTokens.Segment segment : addedTokens.split(clean, normalizer)) {
            if (segment.isToken()) {
                ids.add(segment.id());
                continue;
            }
            words.clear();
            if (preTokenizer == null) {
                words.add(segment.text());
            } else {
                preTokenizer.preTokenize(segment.text(), segment.atTextStart(), words);
            }
            for (String word : words) {
                model.tokenize(word, ids);
            }
        }
        ids.addAll(suffixIds);
        return ids.toArray();
    }

    /**
     * The text of {@code ids} as the reference's {@code decode(ids)}: special tokens skipped, the
     * rest through the file's decoder (joined by spaces when it has none).
     *
     * @throws IllegalArgumentException if an id is outside {@code [0, vocabSize())}
     */
    @Override
    public String decode(int[] ids) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id < 0 || id >= tokenTexts.length) {
                throw new IllegalArgumentException("Invalid id: " + id + " (the vocabulary has " + tokenTexts.length
                        + " pieces)");
            }
            if (!addedTokens.isSpecial(tokenTexts[id])) {
                tokens.add(tokenTexts[id]);
            }
        }
        return decoder == null ? String.join(" ", tokens) : String.join("", decoder.apply(tokens));
    }

    /** The number of ids, added tokens included. */
    @Override
    public int vocabSize() {
        return tokenTexts.length;
    }

    @Override
    public String toString() {
        return "JsonTokenizer[" + source + ", " + tokenTexts.length + " pieces]";
    }
}
