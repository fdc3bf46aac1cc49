package org.pockettts.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import org.pockettts.GenerationOptions;
import org.pockettts.api.InvalidInputException;

/**
 * The generation settings a request may add, named as the command line's options:
 * {@code temperature}, {@code lsd_decode_steps}, {@code eos_threshold}, {@code noise_clamp},
 * {@code frames_after_eos}, {@code seed}. Absent ones keep the reference's defaults. A value that is
 * not a number of the right kind, or out of range, is answered 422 naming the field and its range.
 *
 * <p>The ranges keep every request's work bounded, whatever a web page posts: decode steps multiply
 * the flow's work per frame, a noise clamp far below the noise's spread makes drawing a sample
 * hopeless (at least {@link #MIN_NOISE_CLAMP} with a temperature of at most {@link #MAX_TEMPERATURE}
 * accepts one draw in two hundred or better), and frames after the end of speech add audio nobody
 * asked for.
 */
final class GenerationParameters {

    /** The field names, in the order they are documented. */
    static final List<String> NAMES =
            List.of("temperature", "lsd_decode_steps", "eos_threshold", "noise_clamp", "frames_after_eos", "seed");

    static final float MAX_TEMPERATURE = 2f;
    static final int MAX_LSD_DECODE_STEPS = 64;
    static final float MIN_NOISE_CLAMP = 0.01f;
    static final int MAX_FRAMES_AFTER_EOS = 125;

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
                options = options.withTemperature(v.inRange(v.asFloat(), 0, MAX_TEMPERATURE));
            }
            if ((v = field.apply("lsd_decode_steps")) != null) {
                options = options.withLsdDecodeSteps(v.inRange(v.asInt(), 1, MAX_LSD_DECODE_STEPS));
            }
            if ((v = field.apply("eos_threshold")) != null) {
                options = options.withEosThreshold(v.finite(v.asFloat()));
            }
            if ((v = field.apply("noise_clamp")) != null) {
                options = options.withNoiseClamp(v.atLeast(v.asFloat(), MIN_NOISE_CLAMP));
            }
            if ((v = field.apply("frames_after_eos")) != null) {
                options = options.withFramesAfterEos(v.inRange(v.asInt(), 0, MAX_FRAMES_AFTER_EOS));
            }
            if ((v = field.apply("seed")) != null) {
                options = options.withSeed(v.asLong());
            }
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
        return options;
    }

    /** A bound as written in the documentation: {@code 0.01}, {@code 2}. */
    private static String shown(float bound) {
        return new java.math.BigDecimal(Float.toString(bound)).stripTrailingZeros().toPlainString();
    }

    /** A field's value as sent: form text or a JSON node. */
    private sealed interface Value {

        String name();

        float asFloat();

        int asInt();

        long asLong();

        default float finite(float value) {
            if (!Float.isFinite(value)) {
                throw ApiException.unprocessable(name() + " must be a finite number, got " + value);
            }
            return value;
        }

        default float inRange(float value, float min, float max) {
            if (!(value >= min && value <= max)) {
                throw ApiException.unprocessable(name() + " must be between " + shown(min) + " and "
                        + shown(max) + ", got " + value);
            }
            return value;
        }

        default int inRange(int value, int min, int max) {
            if (value < min || value > max) {
                throw ApiException.unprocessable(name() + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        default float atLeast(float value, float min) {
            if (!(value >= min) || Float.isInfinite(value)) {
                throw ApiException.unprocessable(name() + " must be a finite number of at least " + shown(min)
                        + ", got " + value);
            }
            return value;
        }

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
