package org.pockettts.text;

/**
 * Turns text (UTF-8 bytes) into the normalized form that is segmented, as the library's
 * normalizer does: optional rule-based rewriting (the precompiled charsmap, longest match first),
 * user-defined pieces kept as they are, optional removal of leading, trailing and repeated spaces,
 * spaces escaped as U+2581, and a dummy space in front (or, for suffix models, at the end).
 */
final class Normalizer {

    private static final byte[] SPACE = {' '};
    private static final byte[] EMPTY = {};

    private final CharsMap charsMap;
    private final ByteTrie userDefined;
    private final boolean addDummyPrefix;
    private final boolean removeExtraWhitespaces;
    private final boolean escapeWhitespaces;
    private final boolean treatWhitespaceAsSuffix;

    /**
     * @param userDefined user-defined pieces, which are copied through unnormalized; null for none
     */
    Normalizer(String source, ModelProto.NormalizerSpec spec, boolean treatWhitespaceAsSuffix, ByteTrie userDefined) {
        this.charsMap = spec.precompiledCharsmap().length == 0 ? null : CharsMap.parse(source, spec.precompiledCharsmap());
        this.userDefined = userDefined;
        this.addDummyPrefix = spec.addDummyPrefix();
        this.removeExtraWhitespaces = spec.removeExtraWhitespaces();
        this.escapeWhitespaces = spec.escapeWhitespaces();
        this.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix;
    }

    /** One normalization step: {@code consumed} input bytes become {@code bytes[from, to)}. */
    private static final class Step {
        byte[] bytes;
        int from;
        int to;
        int consumed;

        boolean isSingleSpace() {
            return to - from == 1 && bytes[from] == ' ';
        }
    }

    byte[] normalize(byte[] input) {
        int end = input.length;
        if (end == 0) {
            return EMPTY;
        }
        Step step = new Step();
        int position = 0;
        if (removeExtraWhitespaces) {
            while (position < end) {
                next(input, position, end, step);
                if (!step.isSingleSpace()) {
                    break;
                }
                position += step.consumed;
            }
        }
        if (position == end) {
            return EMPTY;
        }
        ByteSink out = new ByteSink((end - position) * 3 + 3);
        if (!treatWhitespaceAsSuffix && addDummyPrefix) {
            appendSpace(out);
        }
        boolean previousWasSpace = removeExtraWhitespaces;
        while (position < end) {
            next(input, position, end, step);
            int from = step.from;
            while (previousWasSpace && from < step.to && step.bytes[from] == ' ') {
                from++;
            }
            if (from < step.to) {
                for (int i = from; i < step.to; i++) {
                    byte b = step.bytes[i];
                    if (escapeWhitespaces && b == ' ') {
                        out.append(Utf8.SPACE_SYMBOL);
                    } else {
                        out.append(b);
                    }
                }
                previousWasSpace = step.bytes[step.to - 1] == ' ';
            }
            position += step.consumed;
            if (!removeExtraWhitespaces) {
                previousWasSpace = false;
            }
        }
        if (removeExtraWhitespaces) {
            byte[] space = escapeWhitespaces ? Utf8.SPACE_SYMBOL : SPACE;
            while (out.endsWith(space)) {
                out.truncate(out.size() - space.length);
            }
        }
        if (treatWhitespaceAsSuffix && addDummyPrefix) {
            appendSpace(out);
        }
        return out.toByteArray();
    }

    private void appendSpace(ByteSink out) {
        out.append(escapeWhitespaces ? Utf8.SPACE_SYMBOL : SPACE);
    }

    /** What the input at {@code position} normalizes to, and how many bytes that consumes. */
    private void next(byte[] input, int position, int end, Step step) {
        if (userDefined != null) {
            int length = userDefined.longestPrefix(input, position, end);
            if (length > 0) {
                set(step, input, position, position + length, length);
                return;
            }
        }
        if (charsMap != null) {
            long match = charsMap.longestMatch(input, position, end);
            if (match != 0) {
                int start = charsMap.replacementStart((int) match);
                set(step, charsMap.replacements(), start, charsMap.replacementEnd(start), (int) (match >>> 32));
                return;
            }
        }
        int length = Utf8.validLength(input, position, end);
        if (length == 0) {
            // Malformed input: the library substitutes U+FFFD for one byte.
            set(step, Utf8.REPLACEMENT, 0, Utf8.REPLACEMENT.length, 1);
        } else {
            set(step, input, position, position + length, length);
        }
    }

    private static void set(Step step, byte[] bytes, int from, int to, int consumed) {
        step.bytes = bytes;
        step.from = from;
        step.to = to;
        step.consumed = consumed;
    }
}
