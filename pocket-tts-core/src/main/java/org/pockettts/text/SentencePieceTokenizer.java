package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import org.pockettts.api.ModelFormatException;

/**
 * A SentencePiece unigram tokenizer in plain Java, loaded from a {@code .model} file (a serialized
 * {@code sentencepiece.ModelProto}). It gives the same ids and text as the C++ library's
 * {@code encode(text, out_type=int)} and {@code decode(ids)}: the same normalization (including
 * precompiled normalization rules), the same best segmentation (float32 scores, same
 * tie-breaking), the same handling of unknown characters, user-defined pieces and byte fallback.
 *
 * <p>Encoding matches the library from 0.1.97 to 0.2.x. Decoding matches 0.1.99 and later: when
 * decoded text starts with several spaces, some older releases drop more than the one dummy space.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class SentencePieceTokenizer implements Tokenizer {

    private final String source;
    private final Vocabulary vocabulary;
    private final Normalizer normalizer;
    private final UnigramSegmenter segmenter;
    private final Detokenizer detokenizer;

    private SentencePieceTokenizer(String source, ModelProto model) {
        this.source = source;
        if (model.trainerSpec().modelType() != ModelProto.UNIGRAM) {
            throw ProtoReader.invalidModel(source, "its model type is " + modelTypeName(model.trainerSpec().modelType())
                    + "; only UNIGRAM models are supported");
        }
        this.vocabulary = Vocabulary.of(source, model);
        this.normalizer = new Normalizer(source, model.normalizerSpec(), model.trainerSpec().treatWhitespaceAsSuffix(),
                vocabulary.userDefinedTrie());
        this.segmenter = new UnigramSegmenter(vocabulary);
        ModelProto.NormalizerSpec denormalizerSpec = model.denormalizerSpec();
        Normalizer denormalizer = denormalizerSpec == null || denormalizerSpec.precompiledCharsmap().length == 0
                ? null
                : new Normalizer(source, denormalizerSpec, false, null);
        this.detokenizer = new Detokenizer(vocabulary, model, denormalizer);
    }

    /**
     * Loads a {@code .model} file.
     *
     * @throws ModelFormatException if the file cannot be read, is not a SentencePiece model, or is a
     *     model this tokenizer does not run (not unigram)
     */
    public static SentencePieceTokenizer load(Path modelFile) {
        byte[] bytes = TokenizerFiles.read(modelFile, "model");
        return fromBytes(modelFile.toString(), bytes);
    }

    /**
     * Reads a model from the bytes of a {@code .model} file.
     *
     * @param source where the bytes come from, for error messages
     * @throws ModelFormatException if the bytes are not a SentencePiece model this tokenizer runs
     */
    public static SentencePieceTokenizer fromBytes(String source, byte[] bytes) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(bytes, "bytes");
        return new SentencePieceTokenizer(source, ModelProto.parse(source, bytes));
    }

    /**
     * The ids of {@code text}, without begin or end of sentence markers. Unpaired surrogates are
     * read as {@code '?'}, as Java's UTF-8 encoder writes them.
     */
    @Override
    public int[] encode(String text) {
        byte[] normalized = normalizer.normalize(text.getBytes(StandardCharsets.UTF_8));
        return segmenter.encode(normalized);
    }

    /**
     * The text of {@code ids}.
     *
     * @throws IllegalArgumentException if an id is outside {@code [0, vocabSize())}
     */
    @Override
    public String decode(int[] ids) {
        return detokenizer.decode(ids);
    }

    /** The number of pieces, which is one more than the largest id. */
    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    /**
     * The text of the piece with this id, spaces shown as U+2581.
     *
     * @throws IllegalArgumentException if the id is outside {@code [0, vocabSize())}
     */
    public String idToPiece(int id) {
        if (id < 0 || id >= vocabulary.size()) {
            throw new IllegalArgumentException("Invalid id: " + id + " (the vocabulary has " + vocabulary.size()
                    + " pieces)");
        }
        return vocabulary.text(id);
    }

    /** The id of the piece with exactly this text, or {@link #unkId()} when there is none. */
    public int pieceToId(String piece) {
        return vocabulary.idOf(piece);
    }

    /** The id of the unknown piece. */
    public int unkId() {
        return vocabulary.unknownId();
    }

    @Override
    public String toString() {
        return "SentencePieceTokenizer[" + source + ", " + vocabulary.size() + " pieces]";
    }

    private static String modelTypeName(int type) {
        return switch (type) {
            case 2 -> "BPE";
            case 3 -> "WORD";
            case 4 -> "CHAR";
            default -> "unknown (" + type + ")";
        };
    }
}
