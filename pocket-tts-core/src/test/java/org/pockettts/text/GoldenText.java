package org.pockettts.text;

import org.pockettts.config.TextOptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.pockettts.testing.Fixtures;

/** Reads the text options, profiles and lists of the fixtures' {@code golden.json}. */
final class GoldenText {

    private GoldenText() {
    }

    /** The text options a golden entry or config names; a missing key means the 3.3 default. */
    static TextOptions options(JsonNode node) {
        TextOptions d = TextOptions.DEFAULTS;
        Map<String, String> replace = new LinkedHashMap<>();
        JsonNode map = node.path("replace_characters");
        map.properties().forEach(e -> replace.put(e.getKey(), e.getValue().asText()));
        return new TextOptions(
                node.path("pad_with_spaces_for_short_inputs").asBoolean(d.padWithSpacesForShortInputs()),
                node.path("remove_semicolons").asBoolean(d.removeSemicolons()),
                node.path("append_terminal_punctuation").asBoolean(d.appendTerminalPunctuation()),
                node.path("capitalize_first_letter").asBoolean(d.capitalizeFirstLetter()), replace);
    }

    /** The rules of a named option profile of the 3.3 goldens ({@code profiles}). */
    static TextRules v3Profile(String name) {
        JsonNode profile = Fixtures.goldenV3().get("profiles").get(name);
        if (profile == null) {
            throw new IllegalArgumentException("no profile " + name);
        }
        return TextRules.v3_3(options(profile));
    }

    /** A config of the 3.3 fixture ({@code configs}: tiny.yaml, tiny_opts.yaml, tiny_drifting.yaml). */
    static JsonNode v3Config(String name) {
        JsonNode config = Fixtures.goldenV3().get("configs").get(name);
        if (config == null) {
            throw new IllegalArgumentException("no config " + name);
        }
        return config;
    }

    /** {@code model_recommended_frames_after_eos} of a config or entry, null when absent or null. */
    static Integer recommendedFramesAfterEos(JsonNode node) {
        JsonNode value = node.path("model_recommended_frames_after_eos");
        return value.isInt() ? value.asInt() : null;
    }

    /** An explicit {@code frames_after_eos} of a chunk-plan entry, null when absent. */
    static Integer explicitFramesAfterEos(JsonNode entry, String key) {
        JsonNode value = entry.path(key);
        return value.isInt() ? value.asInt() : null;
    }

    /** A YAML file of a fixture as a JSON tree. */
    static JsonNode yaml(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }
}
