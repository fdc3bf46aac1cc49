package org.pockettts.benchmark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.Tokenizer;

/**
 * A word-level tokenizer for benchmarks of models whose real tokenizer cannot be had (random
 * weights of the real sizes, whose tokenizer is a download): one token per word, with the space
 * before it, and one per punctuation mark, about what SentencePiece makes of English. As
 * SentencePiece does, a space before a mark is a token of its own, so that the sentence splitter
 * finds {@code . ! ? ...} as the tokens that end sentences.
 *
 * <p>Ids are handed out to pieces as they are first seen, so {@link #decode} gives back exactly
 * the text that was encoded; a text with more distinct pieces than the vocabulary is refused.
 * Thread-safe (synchronized: it is used a few times per text).
 */
final class SyntheticTokenizer implements Tokenizer {

    /** A word with the space before it, a space alone, an ellipsis, or any other single character. */
    private static final Pattern PIECE = Pattern.compile(" ?[\\p{L}\\p{N}]+| |\\.\\.\\.|.", Pattern.DOTALL);

    private final int vocabSize;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> pieces = new ArrayList<>();

    SyntheticTokenizer(int vocabSize) {
        this.vocabSize = vocabSize;
    }

    @Override
    public synchronized int[] encode(String text) {
        // As SentencePiece's dummy prefix: the text is read as if a space came before it.
        Matcher m = PIECE.matcher(" " + text);
        List<Integer> out = new ArrayList<>();
        while (m.find()) {
            out.add(id(m.group()));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private int id(String piece) {
        Integer id = ids.get(piece);
        if (id == null) {
            if (pieces.size() == vocabSize) {
                throw new InvalidInputException("The text has more distinct words than the " + vocabSize
                        + " tokens of the synthetic tokenizer; benchmark a shorter text");
            }
            id = pieces.size();
            pieces.add(piece);
            ids.put(piece, id);
        }
        return id;
    }

    @Override
    public synchronized String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= pieces.size()) {
                throw new IllegalArgumentException("token id " + id + " was never handed out");
            }
            text.append(pieces.get(id));
        }
        return text.length() > 0 && text.charAt(0) == ' ' ? text.substring(1) : text.toString();
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }
}
