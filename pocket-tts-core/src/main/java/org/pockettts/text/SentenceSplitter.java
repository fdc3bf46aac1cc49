package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The sentence pass of {@code split_into_best_sentences}: prepared text cut into sentences at runs of
 * end-of-sentence tokens, sentences longer than the limit cut again at clause marks (when the
 * rules say so), then packed greedily into chunks.
 */
final class SentenceSplitter {

    /** The text whose tokens end a sentence, after the first token (the dummy prefix) is dropped. */
    private static final String END_OF_SENTENCE_TEXT = ".!...?";
    /** The text whose tokens end a clause, where a too long sentence may be cut. */
    private static final String END_OF_CLAUSE_TEXT = ",;:";

    /** A run of tokens and its decoded text. */
    private record Segment(int tokens, String text) {
    }

    private SentenceSplitter() {
    }

    /** The chunks of {@code prepared}, which is already prepared and stripped. */
    static List<String> split(Tokenizer tokenizer, String prepared, int maxTokens, TextRules rules) {
        int[] tokens = tokenizer.encode(prepared);
        int[] endOfSentence = withoutFirst(tokenizer.encode(END_OF_SENTENCE_TEXT));
        List<Integer> boundaries = boundaries(tokens, endOfSentence, rules.keepDecimalPointsTogether() ? tokenizer
                : null);
        List<Segment> segments = segments(tokens, boundaries, tokenizer);
        if (rules.splitLongSentencesAtCommas()) {
            segments = splitLongSentences(segments, tokenizer, maxTokens);
        }
        return pack(segments, maxTokens);
    }

    /**
     * Where segments start: 0, each token that follows a run of boundary tokens, and the end. With a
     * tokenizer, a start right after a decimal point is skipped.
     */
    private static List<Integer> boundaries(int[] tokens, int[] boundaryIds, Tokenizer decimalPointsFrom) {
        List<Integer> boundaries = new ArrayList<>();
        boundaries.add(0);
        boolean previousWasBoundary = false;
        for (int i = 0; i < tokens.length; i++) {
            if (contains(boundaryIds, tokens[i])) {
                previousWasBoundary = true;
            } else {
                if (previousWasBoundary
                        && (decimalPointsFrom == null || !followsDecimalPoint(tokens, i, decimalPointsFrom))) {
                    boundaries.add(i);
                }
                previousWasBoundary = false;
            }
        }
        boundaries.add(tokens.length);
        return boundaries;
    }

    /**
     * Whether the text decoded from the tokens before {@code index} ends with a digit and "." and the
     * text decoded from the rest starts with a digit ({@code 3.5}, {@code 2. 3}; not {@code a.5}).
     */
    private static boolean followsDecimalPoint(int[] tokens, int index, Tokenizer tokenizer) {
        String before = tokenizer.decode(Arrays.copyOfRange(tokens, 0, index));
        String after = tokenizer.decode(Arrays.copyOfRange(tokens, index, tokens.length));
        if (before.isEmpty() || after.isEmpty() || before.codePointBefore(before.length()) != '.') {
            return false;
        }
        int beforePoint = before.length() - 1;
        return beforePoint > 0 && PythonText.isDigit(before.codePointBefore(beforePoint))
                && PythonText.isDigit(after.codePointAt(0));
    }

    private static List<Segment> segments(int[] tokens, List<Integer> boundaries, Tokenizer tokenizer) {
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s + 1 < boundaries.size(); s++) {
            int start = boundaries.get(s);
            int end = boundaries.get(s + 1);
            segments.add(new Segment(end - start, tokenizer.decode(Arrays.copyOfRange(tokens, start, end))));
        }
        return segments;
    }

    /**
     * Each sentence of more than {@code maxTokens} tokens tokenized again and cut after clause
     * marks; one that has none is kept whole.
     */
    private static List<Segment> splitLongSentences(List<Segment> sentences, Tokenizer tokenizer, int maxTokens) {
        int[] endOfClause = withoutFirst(tokenizer.encode(END_OF_CLAUSE_TEXT));
        List<Segment> refined = new ArrayList<>();
        for (Segment sentence : sentences) {
            if (sentence.tokens() <= maxTokens) {
                refined.add(sentence);
                continue;
            }
            int[] tokens = tokenizer.encode(PythonText.strip(sentence.text()));
            List<Segment> clauses = segments(tokens, boundaries(tokens, endOfClause, null), tokenizer);
            if (clauses.size() > 1) {
                refined.addAll(clauses);
            } else {
                refined.add(sentence);
            }
        }
        return refined;
    }

    /** Consecutive segments joined by a space while the chunk stays within {@code maxTokens}. */
    private static List<String> pack(List<Segment> segments, int maxTokens) {
        List<String> chunks = new ArrayList<>();
        String chunk = "";
        int chunkTokens = 0;
        for (Segment segment : segments) {
            // As in the reference, an empty chunk so far is replaced, not extended.
            if (chunk.isEmpty()) {
                chunk = segment.text();
                chunkTokens = segment.tokens();
            } else if (chunkTokens + segment.tokens() > maxTokens) {
                chunks.add(PythonText.strip(chunk));
                chunk = segment.text();
                chunkTokens = segment.tokens();
            } else {
                chunk = chunk + " " + segment.text();
                chunkTokens += segment.tokens();
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(PythonText.strip(chunk));
        }
        return chunks;
    }

    private static int[] withoutFirst(int[] ids) {
        return ids.length == 0 ? ids : Arrays.copyOfRange(ids, 1, ids.length);
    }

    private static boolean contains(int[] ids, int id) {
        for (int candidate : ids) {
            if (candidate == id) {
                return true;
            }
        }
        return false;
    }
}
