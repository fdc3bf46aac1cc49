package org.pockettts.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import org.pockettts.GenerationOptions;
import org.pockettts.api.InvalidInputException;

/**
 * The generation settings a request may add, named as the command line's options:
 * {@code temperature}, {@code lsd_decode_steps}, {@code eos_threshold}, {@code noise_clamp},
 * {@code frames_after_eos}, {@code seed}, and {@code normalize} (numbers read aloud, off by default).
 * Absent ones keep the reference's defaults. A value that is
 * not a number of the right kind is answered 422 naming the field; so is one out of range, by the
 * engine's own rules ({@link GenerationOptions}: the same bounds as for the library and the command
 * line), which keep every request's work bounded whatever a web page posts.
 */
final class GenerationParameters {

    /** The field names, in the order they are documented. */
    static final List<String> NAMES =
            List.of("temperature", "lsd_decode_steps", "eos_threshold", "noise_clamp", "frames_after_eos", "seed",
                    "normalize");

    private GenerationParameters() {
    }

    /** From form fields (strings; a blank field counts as absent, as browsers send empty inputs). */
    static GenerationOptions fromForm(Function<String, String> field) {
        return build(name -> {
            String value = field.apply(name);
            return value == null || value.isBlank() ? null : new Value.Text(name, value.strip());
        });
    }

    /** From the fields of a JSON object (numbers; {@code null} counts as absent). */
    static GenerationOptions fromJson(JsonNode object) {
        return build(name -> {
            JsonNode value = object.get(name);
            return value == null || value.isNull() ? null : new Value.Json(name, value);
        });
    }

    private static GenerationOptions build(Function<String, Value> field) {
        GenerationOptions options = GenerationOptions.defaults();
        try {
            Value v;
            if ((v = field.apply("temperature")) != null) {
                options = options.withTemperature(v.asFloat());
            }
            if ((v = field.apply("lsd_decode_steps")) != null) {
                options = options.withLsdDecodeSteps(v.asInt());
            }
            if ((v = field.apply("eos_threshold")) != null) {
                options = options.withEosThreshold(v.asFloat());
            }
            if ((v = field.apply("noise_clamp")) != null) {
                options = options.withNoiseClamp(v.asFloat());
            }
            if ((v = field.apply("frames_after_eos")) != null) {
                options = options.withFramesAfterEos(v.asInt());
            }
            if ((v = field.apply("seed")) != null) {
                options = options.withSeed(v.asLong());
            }
            if ((v = field.apply("normalize")) != null) {
                options = options.withNormalize(v.asBoolean());
            }
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        return options;
    }

    /** A field's value as sent: form text or a JSON node. */
    private sealed interface Value {

        String name();

        float asFloat();

        int asInt();

        long asLong();

        boolean asBoolean();

        record Text(String name, String text) implements Value {
            @Override
            public float asFloat() {
                try {
                    return Float.parseFloat(text);
                } catch (NumberFormatException e) {
                    throw notA("a number");
                }
            }

            @Override
            public int asInt() {
                try {
                    return Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw notA("an integer");
                }
            }

            @Override
            public long asLong() {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw notA("an integer");
                }
            }

            /** As HTML forms send it: a checked box is {@code on}. */
            @Override
            public boolean asBoolean() {
                return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "on", "1" -> true;
                    case "false", "off", "0" -> false;
                    default -> throw notA("true or false (on or off, 1 or 0)");
                };
            }

            private ApiException notA(String kind) {
                return ApiException.unprocessable(name + " must be " + kind + ", got '" + text + "'");
            }
        }

        record Json(String name, JsonNode node) implements Value {
            @Override
            public float asFloat() {
                if (!node.isNumber()) {
                    throw notA("a number");
                }
                return node.floatValue();
            }

            @Override
            public int asInt() {
                if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                    throw notA("an integer");
                }
                return node.intValue();
            }

            @Override
            public long asLong() {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw notA("an integer");
                }
                return node.longValue();
            }

            @Override
            public boolean asBoolean() {
                if (!node.isBoolean()) {
                    throw notA("true or false");
                }
                return node.booleanValue();
            }

            private ApiException notA(String kind) {
                String shown = node.toString();
                if (shown.length() > 80) {
                    shown = shown.substring(0, 77) + "...";
                }
                return ApiException.unprocessable(name + " must be " + kind + ", got " + shown);
            }
        }
    }
}
