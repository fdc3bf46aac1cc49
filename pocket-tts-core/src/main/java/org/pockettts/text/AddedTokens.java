package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The added tokens of a {@code tokenizer.json}: exact occurrences in the text are cut out before
 * anything else and become their ids (so a literal {@code <s>} in text is id 1), the leftmost match
 * first and, among matches that start there, the longest. Tokens marked {@code normalized: false}
 * are found in the raw text; the others in each normalized piece, spelled as normalized.
 */
final class AddedTokens {

    /** One added token. */
    record Token(int id, String content, boolean special, boolean normalized) {
    }

    /** A piece of text between added tokens, or an added token found in the text. */
    record Segment(String text, int id, boolean atTextStart) {

        boolean isToken() {
            return id >= 0;
        }
    }

    private final List<Token> raw = new ArrayList<>();
    private final List<Token> normalizedForms = new ArrayList<>();
    private final Set<String> specialContents;

    AddedTokens(List<Token> tokens, UnaryOperator<String> normalizer) {
        for (Token token : tokens) {
            if (token.normalized()) {
                String form = normalizer.apply(token.content());
                if (!form.isEmpty()) {
                    normalizedForms.add(new Token(token.id(), form, token.special(), true));
                }
            } else {
                raw.add(token);
            }
        }
        specialContents = Set.copyOf(tokens.stream().filter(Token::special).map(Token::content).toList());
    }

    /** Whether a token with this text is skipped when decoding, as special tokens are. */
    boolean isSpecial(String content) {
        return specialContents.contains(content);
    }

    /**
     * The text cut at the raw added tokens, then each other piece normalized and cut at the
     * normalized ones; empty pieces are dropped.
     */
    List<Segment> split(String text, UnaryOperator<String> normalizer) {
        List<Segment> segments = new ArrayList<>();
        for (Segment piece : cut(text, raw, true)) {
            if (piece.isToken()) {
                segments.add(piece);
                continue;
            }
            String normalized = normalizer.apply(piece.text());
            for (Segment inner : cut(normalized, normalizedForms, piece.atTextStart())) {
                segments.add(inner);
            }
        }
        return segments;
    }

    /** {@code text} cut at the leftmost-longest matches of {@code tokens}; empty pieces dropped. */
    private static List<Segment> cut(String text, List<Token> tokens, boolean atTextStart) {
        List<Segment> out = new ArrayList<>();
        int pieceStart = 0;
        int i = 0;
        while (i < text.length()) {
            Token match = null;
            for (Token token : tokens) {
                if (text.startsWith(token.content(), i)
                        && (match == null || token.content().length() > match.content().length())) {
                    match = token;
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            if (i > pieceStart) {
                out.add(new Segment(text.substring(pieceStart, i), -1, atTextStart && pieceStart == 0));
            }
            out.add(new Segment(match.content(), match.id(), false));
            i += match.content().length();
            pieceStart = i;
        }
        if (text.length() > pieceStart) {
            out.add(new Segment(text.substring(pieceStart), -1, atTextStart && pieceStart == 0));
        }
        return out;
    }
}
