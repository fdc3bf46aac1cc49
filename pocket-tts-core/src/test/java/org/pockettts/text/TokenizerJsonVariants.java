package org.pockettts.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code tokenizer.json} files over one vocabulary in the shapes other SentencePiece conversions
 * take, to compare {@link JsonTokenizer} with the library on every supported part: each variant
 * edits the file the {@link TokenizerJsonConverter} writes.
 */
final class TokenizerJsonVariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A named edit of a converted file. */
    record Variant(String name, Consumer<ObjectNode> edit) {

        byte[] apply(byte[] converted) {
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(converted);
                edit.accept(root);
                return JSON.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static final List<Variant> ALL = List.of(
            new Variant("as converted (pocket-tts 3.3 form)", root -> { }),
            new Variant("Metaspace prepend first, no normalizer", root -> {
                root.putNull("normalizer");
                ((ObjectNode) root.get("pre_tokenizer")).put("prepend_scheme", "first");
            }),
            new Variant("Metaspace never and unsplit, <s> template, Replace decoder (babybirdprd form)", root -> {
                root.putNull("normalizer");
                ((ObjectNode) root.get("pre_tokenizer")).put("prepend_scheme", "never").put("split", false);
                root.set("post_processor", template(false));
                root.set("decoder", decoders(false));
            }),
            new Variant("Prepend and Replace normalizer, no pre-tokenizer, Strip decoder (Llama legacy form)", root -> {
                ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
                ArrayNode steps = normalizer.putArray("normalizers");
                steps.addObject().put("type", "Prepend").put("prepend", "\u2581");
                ObjectNode replace = steps.addObject().put("type", "Replace").put("content", "\u2581");
                replace.putObject("pattern").put("String", " ");
                root.putNull("pre_tokenizer");
                root.set("post_processor", template(true));
                root.set("decoder", decoders(true));
            }),
            new Variant("normalized added tokens and a non-special one", root -> {
                ArrayNode added = (ArrayNode) root.get("added_tokens");
                added.forEach(token -> ((ObjectNode) token).put("normalized", true));
                added.addObject().put("id", 300).put("content", "ab").put("single_word", false).put("lstrip", false)
                        .put("rstrip", false).put("normalized", false).put("special", false);
            }),
            new Variant("Metaspace with the older add_prefix_space spelling", root -> {
                ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Metaspace").put("replacement", "\u2581")
                        .put("add_prefix_space", true).put("str_rep", "\u2581");
                root.putNull("normalizer");
                root.set("decoder", pre.deepCopy());
            }),
            new Variant("no decoder", root -> root.putNull("decoder")));

    private TokenizerJsonVariants() {
    }

    private static ObjectNode template(boolean withEnd) {
        ObjectNode template = JSON.createObjectNode().put("type", "TemplateProcessing");
        ArrayNode single = template.putArray("single");
        single.addObject().putObject("SpecialToken").put("id", "<s>").put("type_id", 0);
        single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        if (withEnd) {
            single.addObject().putObject("SpecialToken").put("id", "</s>").put("type_id", 0);
        }
        ArrayNode pair = template.putArray("pair");
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode special = template.putObject("special_tokens");
        special.putObject("<s>").put("id", "<s>").set("ids", JSON.createArrayNode().add(1));
        ((ObjectNode) special.get("<s>")).set("tokens", JSON.createArrayNode().add("<s>"));
        if (withEnd) {
            special.putObject("</s>").put("id", "</s>").set("ids", JSON.createArrayNode().add(2));
            ((ObjectNode) special.get("</s>")).set("tokens", JSON.createArrayNode().add("</s>"));
        }
        return template;
    }

    private static ObjectNode decoders(boolean strip) {
        ObjectNode decoder = JSON.createObjectNode().put("type", "Sequence");
        ArrayNode steps = decoder.putArray("decoders");
        ObjectNode replace = steps.addObject().put("type", "Replace").put("content", " ");
        replace.putObject("pattern").put("String", "\u2581");
        steps.addObject().put("type", "ByteFallback");
        steps.addObject().put("type", "Fuse");
        if (strip) {
            steps.addObject().put("type", "Strip").put("content", " ").put("start", 1).put("stop", 0);
        }
        return decoder;
    }
}
