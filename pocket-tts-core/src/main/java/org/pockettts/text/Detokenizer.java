package org.pockettts.text;

import java.nio.charset.StandardCharsets;
import org.pockettts.text.ModelProto.PieceType;

/**
 * Turns ids back into text as the library's decoder does: U+2581 becomes a space; the leading
 * U+2581 of the first piece is dropped when the normalizer adds a dummy prefix (or removes extra
 * whitespace, in which case every leading one is dropped); control pieces vanish; unknown pieces
 * show as the unknown surface; runs of byte pieces are decoded as UTF-8 with U+FFFD for each
 * byte that does not start a well-formed character.
 */
final class Detokenizer {

    private static final String SPACE_SYMBOL = "\u2581";
    private static final String DEFAULT_UNKNOWN_SURFACE = " \u2047 ";

    private final Vocabulary vocabulary;
    private final int[] canonicalIds;
    private final boolean stripLeadingSpace;
    private final boolean removeExtraWhitespaces;
    private final String unknownSurface;
    private final Normalizer denormalizer;

    Detokenizer(Vocabulary vocabulary, ModelProto model, Normalizer denormalizer) {
        this.vocabulary = vocabulary;
        // The library decodes the piece text of each id, looking its id up again: where a reserved
        // piece shares its text with another piece, the reserved one wins.
        this.canonicalIds = new int[vocabulary.size()];
        for (int id = 0; id < canonicalIds.length; id++) {
            canonicalIds[id] = vocabulary.idOf(vocabulary.text(id));
        }
        ModelProto.NormalizerSpec spec = model.normalizerSpec();
        this.stripLeadingSpace = spec.addDummyPrefix() || spec.removeExtraWhitespaces();
        this.removeExtraWhitespaces = spec.removeExtraWhitespaces();
        String surface = model.trainerSpec().unkSurface();
        this.unknownSurface = surface == null ? DEFAULT_UNKNOWN_SURFACE : surface;
        this.denormalizer = denormalizer;
    }

    String decode(int[] ids) {
        int size = vocabulary.size();
        for (int id : ids) {
            if (id < 0 || id >= size) {
                throw new IllegalArgumentException("Invalid id: " + id + " (the vocabulary has " + size + " pieces)");
            }
        }
        StringBuilder text = new StringBuilder();
        ByteSink byteRun = new ByteSink(16);
        boolean atStart = true;
        boolean strippedSpace = false;
        for (int original : ids) {
            int id = canonicalIds[original];
            PieceType type = vocabulary.type(id);
            if (type == PieceType.BYTE) {
                byteRun.append((byte) vocabulary.byteValue(id));
                continue;
            }
            flush(byteRun, text);
            // Only the first visible piece, or the one right after a stripped lone U+2581, is "at start".
            if (strippedSpace || !text.isEmpty()) {
                atStart = false;
            }
            strippedSpace = false;
            switch (type) {
                case CONTROL -> {
                }
                case UNKNOWN -> text.append(unknownSurface);
                default -> {
                    String piece = vocabulary.text(id);
                    if (atStart && stripLeadingSpace && piece.startsWith(SPACE_SYMBOL)) {
                        piece = piece.substring(SPACE_SYMBOL.length());
                        strippedSpace = !removeExtraWhitespaces;
                    }
                    text.append(piece.replace(SPACE_SYMBOL, " "));
                }
            }
        }
        flush(byteRun, text);
        if (denormalizer == null) {
            return text.toString();
        }
        byte[] denormalized = denormalizer.normalize(text.toString().getBytes(StandardCharsets.UTF_8));
        return new String(denormalized, StandardCharsets.UTF_8);
    }

    private static void flush(ByteSink byteRun, StringBuilder text) {
        if (byteRun.size() > 0) {
            byte[] bytes = byteRun.toByteArray();
            Utf8.appendDecoded(bytes, 0, bytes.length, text);
            byteRun.truncate(0);
        }
    }
}
