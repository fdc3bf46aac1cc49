package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.nio.file.Path;
import org.pockettts.api.ModelFormatException;

/** The file formats a model's tokenizer comes in, and how a configuration names them. */
public enum TokenizerFormat {

    /** A SentencePiece {@code .model} file. */
    SENTENCEPIECE {
        @Override
        public Tokenizer load(Path file) {
            return SentencePieceTokenizer.load(file);
        }
    },

    /** A Hugging Face {@code tokenizer.json} with a Unigram model. */
    TOKENIZER_JSON {
        @Override
        public Tokenizer load(Path file) {
            return JsonTokenizer.load(file);
        }
    };

    /**
     * The format a configuration's {@code flow_lm.lookup_table} names, as the reference chooses it:
     * {@code tokenizer} {@code tokenizers} or {@code json}, or a {@code tokenizer_path} that ends in
     * {@code .json} before any {@code @revision} (the text before the first {@code @}), mean a
     * {@code tokenizer.json}; otherwise a SentencePiece model.
     *
     * @param kind {@code lookup_table.tokenizer}: {@code sentencepiece} (also when null or empty),
     *     {@code tokenizers} or {@code json}
     * @param location {@code lookup_table.tokenizer_path} as written in the configuration
     * @throws ModelFormatException if {@code kind} is none of these
     */
    public static TokenizerFormat select(String kind, String location) {
        boolean json = switch (kind == null ? "" : kind) {
            case "", "sentencepiece" -> false;
            case "tokenizers", "json" -> true;
            default -> throw new ModelFormatException("Unknown tokenizer kind \"" + kind
                    + "\" (lookup_table.tokenizer): use sentencepiece, tokenizers or json");
        };
        int revision = location.indexOf('@');
        String path = revision < 0 ? location : location.substring(0, revision);
        return json || path.endsWith(".json") ? TOKENIZER_JSON : SENTENCEPIECE;
    }

    /**
     * Loads a tokenizer file of this format.
     *
     * @throws ModelFormatException if the file is missing, malformed or of a kind not supported
     */
    public abstract Tokenizer load(Path file);
}
