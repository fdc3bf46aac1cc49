package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.pockettts.api.ModelFormatException;

/**
 * Reads a Hugging Face {@code tokenizer.json} into the parts {@link JsonTokenizer} runs, refusing
 * what it does not run with a message that names the file and the part.
 */
final class TokenizerJsonReader {

    private static final String SUPPORTED_NORMALIZERS = "Prepend, Replace with a string pattern, and Sequence of them";
    private static final String SUPPORTED_DECODERS =
            "Metaspace, Replace with a string pattern, ByteFallback, Fuse, Strip, and Sequence of them";

    private final String source;

    private TokenizerJsonReader(String source) {
        this.source = source;
    }

    static JsonTokenizer.Parts read(String source, byte[] json) {
        return new TokenizerJsonReader(source).read(json);
    }

    private JsonTokenizer.Parts read(byte[] json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            // The parser's own words, without the reference to its input it adds for unclosed arrays.
            String problem = e.getOriginalMessage();
            int marker = problem.indexOf(" (start marker at");
            problem = marker < 0 ? problem : problem.substring(0, marker);
            throw invalid("it is not JSON (" + problem + ", line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw invalid("it cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("it is not a JSON object");
        }
        for (String unsupported : List.of("truncation", "padding")) {
            if (present(root.get(unsupported))) {
                throw unsupported("it sets " + unsupported + ", which a text-to-speech tokenizer must not do");
            }
        }
        JsonNode modelNode = root.get("model");
        if (!present(modelNode)) {
            throw invalid("it has no model");
        }
        List<String> pieces = new ArrayList<>();
        double[] scores = readVocabulary(modelNode, pieces);
        HfUnigram model = readModel(modelNode, pieces, scores);
        UnaryOperator<String> normalizer = readNormalizer(root.get("normalizer"), "normalizer");
        List<AddedTokens.Token> added = readAddedTokens(root.get("added_tokens"), pieces);
        String[] tokenTexts = tokenTexts(pieces, added);
        AddedTokens addedTokens = new AddedTokens(added, normalizer);
        Metaspace preTokenizer = readPreTokenizer(root.get("pre_tokenizer"));
        List<int[]> template = readPostProcessor(root.get("post_processor"), tokenTexts.length);
        UnaryOperator<List<String>> decoder = readDecoder(root.get("decoder"), "decoder");
        return new JsonTokenizer.Parts(addedTokens, normalizer, preTokenizer, model, template.get(0), template.get(1),
                tokenTexts, decoder);
    }

    private double[] readVocabulary(JsonNode model, List<String> pieces) {
        String type = model.path("type").asText("");
        if (!type.equals("Unigram")) {
            throw unsupported("its model is " + (type.isEmpty() ? "of no stated type" : type)
                    + "; only Unigram models are supported");
        }
        JsonNode vocab = model.get("vocab");
        if (vocab == null || !vocab.isArray() || vocab.isEmpty()) {
            throw invalid("model.vocab is missing or empty");
        }
        double[] scores = new double[vocab.size()];
        for (int id = 0; id < vocab.size(); id++) {
            JsonNode entry = vocab.get(id);
            if (!entry.isArray() || entry.size() != 2 || !entry.get(0).isTextual() || !entry.get(1).isNumber()) {
                throw invalid("model.vocab[" + id + "] is not a [piece, score] pair");
            }
            if (entry.get(0).asText().isEmpty()) {
                throw invalid("model.vocab[" + id + "] is an empty piece");
            }
            pieces.add(entry.get(0).asText());
            scores[id] = entry.get(1).asDouble();
        }
        return scores;
    }

    private HfUnigram readModel(JsonNode model, List<String> pieces, double[] scores) {
        JsonNode unk = model.get("unk_id");
        if (!present(unk)) {
            throw unsupported("model.unk_id is missing; a Unigram model without an unknown piece is not supported");
        }
        if (!unk.isInt() || unk.asInt() < 0 || unk.asInt() >= pieces.size()) {
            throw invalid("model.unk_id " + unk + " is not an id of the vocabulary (0.." + (pieces.size() - 1) + ")");
        }
        JsonNode byteFallback = model.get("byte_fallback");
        if (present(byteFallback) && !byteFallback.isBoolean()) {
            throw invalid("model.byte_fallback is not true or false");
        }
        return new HfUnigram(pieces, scores, unk.asInt(), present(byteFallback) && byteFallback.asBoolean());
    }

    /**
     * The added tokens with the ids the library gives them: the id of the vocabulary piece with the
     * same text, else the next id after the vocabulary (the id written in the file only has to be
     * there; the library merely warns when it differs).
     */
    private List<AddedTokens.Token> readAddedTokens(JsonNode node, List<String> pieces) {
        List<AddedTokens.Token> tokens = new ArrayList<>();
        if (!present(node)) {
            return tokens;
        }
        if (!node.isArray()) {
            throw invalid("added_tokens is not a list");
        }
        Map<String, Integer> pieceIds = new HashMap<>();
        for (int id = 0; id < pieces.size(); id++) {
            pieceIds.put(pieces.get(id), id);
        }
        Map<String, Integer> assigned = new HashMap<>();
        int nextId = pieces.size();
        for (int i = 0; i < node.size(); i++) {
            JsonNode token = node.get(i);
            String where = "added_tokens[" + i + "]";
            if (!token.path("id").isInt() || token.path("id").asInt() < 0) {
                throw invalid(where + " has no valid id");
            }
            if (!token.path("content").isTextual() || token.path("content").asText().isEmpty()) {
                throw invalid(where + " has no content");
            }
            String content = token.get("content").asText();
            for (String flag : List.of("single_word", "lstrip", "rstrip")) {
                if (token.path(flag).asBoolean(false)) {
                    throw unsupported(where + " (\"" + content + "\") sets " + flag);
                }
            }
            if (assigned.containsKey(content)) {
                continue;
            }
            Integer id = pieceIds.get(content);
            if (id == null) {
                id = nextId++;
            }
            assigned.put(content, id);
            tokens.add(new AddedTokens.Token(id, content, token.path("special").asBoolean(false),
                    token.path("normalized").asBoolean(true)));
        }
        return tokens;
    }

    /** The text of every id: the model's pieces, then the added tokens that are not pieces. */
    private static String[] tokenTexts(List<String> pieces, List<AddedTokens.Token> added) {
        int size = pieces.size();
        for (AddedTokens.Token token : added) {
            size = Math.max(size, token.id() + 1);
        }
        String[] texts = pieces.toArray(new String[size]);
        for (AddedTokens.Token token : added) {
            texts[token.id()] = token.content();
        }
        return texts;
    }

    private UnaryOperator<String> readNormalizer(JsonNode node, String where) {
        if (!present(node)) {
            return UnaryOperator.identity();
        }
        String type = node.path("type").asText("");
        switch (type) {
            case "Prepend" -> {
                String prepend = requiredText(node, "prepend", where);
                return text -> text.isEmpty() ? text : prepend + text;
            }
            case "Replace" -> {
                String pattern = stringPattern(node, where);
                String content = requiredText(node, "content", where);
                return text -> pattern.isEmpty() ? text : text.replace(pattern, content);
            }
            case "Sequence" -> {
                JsonNode steps = node.get("normalizers");
                if (steps == null || !steps.isArray()) {
                    throw invalid(where + " is a Sequence without a list of normalizers");
                }
                List<UnaryOperator<String>> chain = new ArrayList<>();
                for (int i = 0; i < steps.size(); i++) {
                    chain.add(readNormalizer(steps.get(i), where + ".normalizers[" + i + "]"));
                }
                return text -> {
                    String out = text;
                    for (UnaryOperator<String> step : chain) {
                        out = step.apply(out);
                    }
                    return out;
                };
            }
            default -> throw unsupported("its " + where + " is " + describe(type, "Precompiled",
                    "a precompiled character map") + "; supported normalizers: " + SUPPORTED_NORMALIZERS);
        }
    }

    private Metaspace readPreTokenizer(JsonNode node) {
        if (!present(node)) {
            return null;
        }
        String type = node.path("type").asText("");
        if (!type.equals("Metaspace")) {
            throw unsupported("its pre_tokenizer is " + describe(type, "", "") + "; only Metaspace is supported");
        }
        return readMetaspace(node, "pre_tokenizer");
    }

    private Metaspace readMetaspace(JsonNode node, String where) {
        String replacement = requiredText(node, "replacement", where);
        if (replacement.codePointCount(0, replacement.length()) != 1) {
            throw invalid(where + ".replacement \"" + replacement + "\" is not one character");
        }
        Metaspace.PrependScheme scheme = switch (node.path("prepend_scheme").asText("always")) {
            case "always" -> Metaspace.PrependScheme.ALWAYS;
            case "first" -> Metaspace.PrependScheme.FIRST;
            case "never" -> Metaspace.PrependScheme.NEVER;
            default -> throw invalid(where + ".prepend_scheme " + node.get("prepend_scheme")
                    + " is not always, first or never");
        };
        // The older spelling: add_prefix_space false means never, and may not contradict prepend_scheme.
        if (node.has("add_prefix_space") && !node.get("add_prefix_space").asBoolean(true)) {
            if (node.has("prepend_scheme") && scheme != Metaspace.PrependScheme.NEVER) {
                throw invalid(where + ".add_prefix_space false does not match prepend_scheme "
                        + node.get("prepend_scheme"));
            }
            scheme = Metaspace.PrependScheme.NEVER;
        }
        return new Metaspace(replacement, scheme, node.path("split").asBoolean(true));
    }

    /** The ids the single-sequence template puts before and after the text (two arrays). */
    private List<int[]> readPostProcessor(JsonNode node, int vocabSize) {
        IdList before = new IdList();
        IdList after = new IdList();
        if (present(node)) {
            String type = node.path("type").asText("");
            if (!type.equals("TemplateProcessing")) {
                throw unsupported("its post_processor is " + describe(type, "", "")
                        + "; only TemplateProcessing is supported");
            }
            JsonNode single = node.get("single");
            if (single == null || !single.isArray()) {
                throw invalid("post_processor has no single template");
            }
            boolean sequenceSeen = false;
            for (JsonNode item : single) {
                if (item.has("Sequence")) {
                    if (sequenceSeen || !item.get("Sequence").path("id").asText().equals("A")) {
                        throw invalid("post_processor.single must hold sequence A once");
                    }
                    sequenceSeen = true;
                } else if (item.has("SpecialToken")) {
                    String name = item.get("SpecialToken").path("id").asText();
                    JsonNode ids = node.path("special_tokens").path(name).get("ids");
                    if (ids == null || !ids.isArray()) {
                        throw invalid("post_processor uses the special token \"" + name
                                + "\", which it does not define");
                    }
                    for (JsonNode id : ids) {
                        if (!id.isInt() || id.asInt() < 0 || id.asInt() >= vocabSize) {
                            throw invalid("post_processor's special token \"" + name + "\" has the invalid id " + id);
                        }
                        (sequenceSeen ? after : before).add(id.asInt());
                    }
                } else {
                    throw invalid("post_processor.single holds an item that is neither Sequence nor SpecialToken");
                }
            }
            if (!sequenceSeen) {
                throw invalid("post_processor.single does not hold the sequence A");
            }
        }
        return List.of(before.toArray(), after.toArray());
    }

    private UnaryOperator<List<String>> readDecoder(JsonNode node, String where) {
        if (!present(node)) {
            return null;
        }
        String type = node.path("type").asText("");
        return switch (type) {
            case "Metaspace" -> readMetaspace(node, where)::decode;
            case "ByteFallback" -> DecoderSteps::byteFallback;
            case "Fuse" -> DecoderSteps::fuse;
            case "Replace" -> {
                String pattern = stringPattern(node, where);
                String content = requiredText(node, "content", where);
                yield tokens -> DecoderSteps.replace(tokens, pattern, content);
            }
            case "Strip" -> {
                String content = requiredText(node, "content", where);
                if (content.codePointCount(0, content.length()) != 1) {
                    throw invalid(where + ".content \"" + content + "\" is not one character");
                }
                int start = node.path("start").asInt(0);
                int stop = node.path("stop").asInt(0);
                yield tokens -> DecoderSteps.strip(tokens, content.codePointAt(0), start, stop);
            }
            case "Sequence" -> {
                JsonNode steps = node.get("decoders");
                if (steps == null || !steps.isArray()) {
                    throw invalid(where + " is a Sequence without a list of decoders");
                }
                List<UnaryOperator<List<String>>> chain = new ArrayList<>();
                for (int i = 0; i < steps.size(); i++) {
                    chain.add(readDecoder(steps.get(i), where + ".decoders[" + i + "]"));
                }
                yield tokens -> {
                    List<String> out = tokens;
                    for (UnaryOperator<List<String>> step : chain) {
                        out = step == null ? out : step.apply(out);
                    }
                    return out;
                };
            }
            default -> throw unsupported("its " + where + " is " + describe(type, "", "")
                    + "; supported decoders: " + SUPPORTED_DECODERS);
        };
    }

    /** The pattern of a Replace step, which must be a plain string. */
    private String stringPattern(JsonNode node, String where) {
        JsonNode pattern = node.path("pattern");
        if (pattern.has("String") && pattern.get("String").isTextual()) {
            return pattern.get("String").asText();
        }
        if (pattern.has("Regex")) {
            throw unsupported("its " + where + " is a Replace with a regular expression; only string patterns are"
                    + " supported");
        }
        throw invalid(where + " is a Replace without a pattern");
    }

    private String requiredText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(where + "." + field + " is missing");
        }
        return value.asText();
    }

    private static String describe(String type, String specialType, String specialName) {
        if (type.isEmpty()) {
            return "of no stated type";
        }
        return !specialType.isEmpty() && type.equals(specialType) ? type + " (" + specialName + ")" : type;
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    private ModelFormatException invalid(String problem) {
        return new ModelFormatException("Tokenizer file " + source + " is not a valid tokenizer.json: " + problem);
    }

    private ModelFormatException unsupported(String part) {
        return new ModelFormatException("Unsupported tokenizer " + source + ": " + part);
    }
}
