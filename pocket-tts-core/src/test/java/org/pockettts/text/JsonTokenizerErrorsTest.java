package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pockettts.api.ModelFormatException;
import org.pockettts.testing.Fixtures;

/** A {@code tokenizer.json} that is malformed or of a kind not supported is refused naming the file and the problem. */
class JsonTokenizerErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("a BPE model", root -> ((ObjectNode) root.get("model")).put("type", "BPE"),
                        "Unsupported tokenizer", "its model is BPE; only Unigram models are supported"),
                broken("a WordPiece model", root -> ((ObjectNode) root.get("model")).put("type", "WordPiece"),
                        "Unsupported tokenizer", "its model is WordPiece"),
                broken("a model of no type", root -> ((ObjectNode) root.get("model")).remove("type"),
                        "Unsupported tokenizer", "its model is of no stated type"),
                broken("a precompiled charsmap normalizer",
                        root -> root.putObject("normalizer").put("type", "Precompiled").put("precompiled_charsmap", "AAAA"),
                        "Unsupported tokenizer", "its normalizer is Precompiled (a precompiled character map)"),
                broken("a precompiled charsmap inside a Sequence", root -> {
                    ArrayNode steps = root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
                    steps.addObject().put("type", "Prepend").put("prepend", "\u2581");
                    steps.addObject().put("type", "Precompiled").put("precompiled_charsmap", "AAAA");
                }, "Unsupported tokenizer", "its normalizer.normalizers[1] is Precompiled"),
                broken("an NFKC normalizer", root -> root.putObject("normalizer").put("type", "NFKC"),
                        "Unsupported tokenizer", "its normalizer is NFKC", "supported normalizers: Prepend"),
                broken("a regular expression Replace", root -> {
                    ObjectNode replace = root.putObject("normalizer").put("type", "Replace").put("content", " ");
                    replace.putObject("pattern").put("Regex", " +");
                }, "Unsupported tokenizer", "its normalizer is a Replace with a regular expression"),
                broken("a ByteLevel pre-tokenizer", root -> root.putObject("pre_tokenizer").put("type", "ByteLevel"),
                        "Unsupported tokenizer", "its pre_tokenizer is ByteLevel; only Metaspace is supported"),
                broken("a WordPiece decoder", root -> root.putObject("decoder").put("type", "WordPiece"),
                        "Unsupported tokenizer", "its decoder is WordPiece"),
                broken("a RobertaProcessing post-processor",
                        root -> root.putObject("post_processor").put("type", "RobertaProcessing"),
                        "Unsupported tokenizer", "its post_processor is RobertaProcessing"),
                broken("truncation", root -> root.putObject("truncation").put("max_length", 512),
                        "Unsupported tokenizer", "it sets truncation"),
                broken("an added token with lstrip",
                        root -> ((ObjectNode) root.get("added_tokens").get(1)).put("lstrip", true),
                        "Unsupported tokenizer", "added_tokens[1] (\"<s>\") sets lstrip"),
                broken("no unk_id", root -> ((ObjectNode) root.get("model")).putNull("unk_id"),
                        "Unsupported tokenizer", "model.unk_id is missing"),
                broken("missing vocabulary", root -> ((ObjectNode) root.get("model")).remove("vocab"),
                        "is not a valid tokenizer.json", "model.vocab is missing or empty"),
                broken("empty vocabulary", root -> ((ObjectNode) root.get("model")).putArray("vocab"),
                        "is not a valid tokenizer.json", "model.vocab is missing or empty"),
                broken("a vocabulary entry that is not a pair",
                        root -> ((ArrayNode) root.get("model").get("vocab")).set(5, JSON.createArrayNode().add("x")),
                        "is not a valid tokenizer.json", "model.vocab[5] is not a [piece, score] pair"),
                broken("unk_id outside the vocabulary", root -> ((ObjectNode) root.get("model")).put("unk_id", 1000),
                        "is not a valid tokenizer.json", "model.unk_id 1000 is not an id of the vocabulary (0..999)"),
                broken("no model", root -> root.remove("model"), "is not a valid tokenizer.json", "it has no model"),
                broken("a Metaspace of two characters",
                        root -> ((ObjectNode) root.get("pre_tokenizer")).put("replacement", "__"),
                        "is not a valid tokenizer.json", "pre_tokenizer.replacement \"__\" is not one character"),
                broken("an unknown prepend scheme",
                        root -> ((ObjectNode) root.get("pre_tokenizer")).put("prepend_scheme", "sometimes"),
                        "is not a valid tokenizer.json", "pre_tokenizer.prepend_scheme \"sometimes\" is not always, first"),
                broken("an added token without content",
                        root -> ((ObjectNode) root.get("added_tokens").get(0)).put("content", ""),
                        "is not a valid tokenizer.json", "added_tokens[0] has no content"));
    }

    private static Arguments broken(String what, Consumer<ObjectNode> edit, String... fragments) {
        return Arguments.of(what, edit, fragments);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void refusesNamingTheFileAndThePart(String what, Consumer<ObjectNode> edit, String[] fragments) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(converted());
        edit.accept(root);
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, JSON.writeValueAsBytes(root));
        assertThatThrownBy(() -> JsonTokenizer.load(file)).as(what).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContainingAll(fragments);
    }

    @Test
    void refusesMalformedJsonSayingWhere() throws IOException {
        Path file = dir.resolve("cut.json");
        byte[] json = converted();
        Files.write(file, java.util.Arrays.copyOf(json, json.length / 2));
        assertThatThrownBy(() -> JsonTokenizer.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("is not a valid tokenizer.json: it is not JSON")
                .hasMessageContaining("line ");
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        assertThatThrownBy(() -> JsonTokenizer.fromBytes("list.json", "[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ModelFormatException.class).hasMessage(
                        "Tokenizer file list.json is not a valid tokenizer.json: it is not a JSON object");
    }

    @Test
    void refusesAMissingFile() {
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> JsonTokenizer.load(missing)).isInstanceOf(ModelFormatException.class)
                .hasMessage("Tokenizer file not found: " + missing);
    }

    @Test
    void namesTheFileItLoaded() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.write(file, converted());
        assertThat(JsonTokenizer.load(file)).hasToString("JsonTokenizer[" + file + ", 1000 pieces]");
    }

    private static byte[] converted() throws IOException {
        return TokenizerJsonConverter.convert("tiny", Files.readAllBytes(Fixtures.tiny("tokenizer.model")));
    }
}
