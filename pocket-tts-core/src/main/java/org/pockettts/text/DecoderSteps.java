package org.pockettts.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoders of Hugging Face {@code tokenizers} that SentencePiece conversions use; each turns the
 * list of token strings into another, and the decoded text is the final list joined.
 */
final class DecoderSteps {

    private static final String REPLACEMENT_CHARACTER = "\uFFFD";

    private DecoderSteps() {
    }

    /**
     * {@code ByteFallback}: each run of byte tokens ({@code <0xXX>}) becomes the text those bytes
     * spell in UTF-8; a run that is not entirely valid UTF-8 becomes one U+FFFD per byte (unlike
     * SentencePiece, which replaces only the invalid bytes).
     */
    static List<String> byteFallback(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        ByteSink run = new ByteSink(16);
        for (String token : tokens) {
            int value = byteValue(token);
            if (value >= 0) {
                run.append((byte) value);
                continue;
            }
            flush(run, out);
            out.add(token);
        }
        flush(run, out);
        return out;
    }

    /** {@code Fuse}: all tokens joined into one. */
    static List<String> fuse(List<String> tokens) {
        return List.of(String.join("", tokens));
    }

    /**
     * {@code Strip}: from each token, up to {@code start} leading and {@code stop} trailing
     * {@code content} characters removed.
     */
    static List<String> strip(List<String> tokens, int content, int start, int stop) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            int[] chars = token.codePoints().toArray();
            int startCut = 0;
            while (startCut < Math.min(start, chars.length) && chars[startCut] == content) {
                startCut++;
            }
            int stopCut = chars.length;
            while (chars.length - stopCut < Math.min(stop, chars.length - startCut) && chars[stopCut - 1] == content) {
                stopCut--;
            }
            out.add(new String(chars, startCut, stopCut - startCut));
        }
        return out;
    }

    /** {@code Replace} with a string pattern: every occurrence in each token replaced. */
    static List<String> replace(List<String> tokens, String pattern, String content) {
        if (pattern.isEmpty()) {
            return tokens;
        }
        return tokens.stream().map(token -> token.replace(pattern, content)).toList();
    }

    /**
     * The byte a token {@code <0xXX>} stands for, or -1: six UTF-8 bytes, {@code <0x}, two
     * characters Rust's {@code u8::from_str_radix(_, 16)} accepts (either case, or a {@code +} and
     * one digit), {@code >}.
     */
    private static int byteValue(String token) {
        // Six characters that are six UTF-8 bytes: all ASCII.
        if (token.length() != 6 || token.getBytes(StandardCharsets.UTF_8).length != 6 || !token.startsWith("<0x")
                || !token.endsWith(">")) {
            return -1;
        }
        String digits = token.substring(3, 5);
        if (digits.charAt(0) == '+') {
            digits = digits.substring(1);
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static void flush(ByteSink run, List<String> out) {
        if (run.size() == 0) {
            return;
        }
        byte[] bytes = run.toByteArray();
        run.truncate(0);
        int position = 0;
        while (position < bytes.length) {
            int length = Utf8.validLength(bytes, position, bytes.length);
            if (length == 0) {
                for (int i = 0; i < bytes.length; i++) {
                    out.add(REPLACEMENT_CHARACTER);
                }
                return;
            }
            position += length;
        }
        out.add(new String(bytes, StandardCharsets.UTF_8));
    }
}
