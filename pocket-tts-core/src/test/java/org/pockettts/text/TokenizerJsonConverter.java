package org.pockettts.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import org.pockettts.text.ModelProto.Piece;
import org.pockettts.text.ModelProto.PieceType;

/**
 * Writes a SentencePiece unigram model as a {@code tokenizer.json} of the form pocket-tts 3.3 ships
 * (MODEL-PACKS.md): the unknown and control pieces as special added tokens, normalizer
 * {@code Prepend("▁")}, pre-tokenizer {@code Metaspace} (prepend always, split), decoder
 * {@code Metaspace, ByteFallback, Fuse}, model {@code Unigram} with every piece and its float32
 * score widened to double. Only models with the settings of the Pocket TTS tokenizers (identity
 * normalization, dummy prefix, whitespace kept and escaped) are converted.
 */
public final class TokenizerJsonConverter {

    private static final String SPACE_SYMBOL = "\u2581";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TokenizerJsonConverter() {
    }

    public static byte[] convert(String source, byte[] sentencePieceModel) {
        ModelProto model = ModelProto.parse(source, sentencePieceModel);
        ModelProto.NormalizerSpec normalizer = model.normalizerSpec();
        if (model.trainerSpec().modelType() != ModelProto.UNIGRAM || normalizer.precompiledCharsmap().length > 0
                || !normalizer.addDummyPrefix() || normalizer.removeExtraWhitespaces()
                || !normalizer.escapeWhitespaces() || model.trainerSpec().treatWhitespaceAsSuffix()) {
            throw new IllegalArgumentException(source + " has settings this converter does not write");
        }
        ObjectNode root = JSON.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        ArrayNode vocab = JSON.arrayNode();
        int unknownId = -1;
        for (int id = 0; id < model.pieces().size(); id++) {
            Piece piece = model.pieces().get(id);
            if (piece.type() == PieceType.USER_DEFINED || piece.type() == PieceType.UNUSED) {
                throw new IllegalArgumentException(source + " has a " + piece.type() + " piece, which this converter does"
                        + " not write");
            }
            if (piece.type() == PieceType.UNKNOWN || piece.type() == PieceType.CONTROL) {
                ObjectNode token = added.addObject();
                token.put("id", id);
                token.put("content", piece.text());
                token.put("single_word", false);
                token.put("lstrip", false);
                token.put("rstrip", false);
                token.put("normalized", false);
                token.put("special", true);
            }
            if (piece.type() == PieceType.UNKNOWN) {
                unknownId = id;
            }
            vocab.addArray().add(piece.text()).add((double) piece.score());
        }
        ObjectNode prepend = root.putObject("normalizer");
        prepend.put("type", "Prepend");
        prepend.put("prepend", SPACE_SYMBOL);
        root.set("pre_tokenizer", metaspace());
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        decoders.add(metaspace());
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        ObjectNode unigram = root.putObject("model");
        unigram.put("type", "Unigram");
        unigram.put("unk_id", unknownId);
        unigram.set("vocab", vocab);
        unigram.put("byte_fallback", model.trainerSpec().byteFallback());
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode metaspace() {
        ObjectNode metaspace = JSON.objectNode();
        metaspace.put("type", "Metaspace");
        metaspace.put("replacement", SPACE_SYMBOL);
        metaspace.put("prepend_scheme", "always");
        metaspace.put("split", true);
        return metaspace;
    }
}
