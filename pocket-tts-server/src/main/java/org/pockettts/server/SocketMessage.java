package org.pockettts.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.pockettts.GenerationOptions;
import org.pockettts.formats.AudioFormat;

/**
 * One text message of a client of {@code /v1/audio/speech/stream}: a JSON object with any of
 * {@code text} (a string to append), {@code flush} and {@code end} (booleans), and, in the first
 * message only, the settings: {@code voice}, {@code format} ({@code pcm} or {@code wav}),
 * {@code model} (any string), {@code speed} (1.0) and the generation parameters of
 * {@link GenerationParameters}. Any other field is an error, so that a misspelt setting is never
 * silently ignored.
 *
 * @param text the text to append, or null
 * @param flush whether to speak what is buffered without waiting for a sentence end
 * @param end whether the input ends
 * @param settings the settings, or null when the message carries none
 */
record SocketMessage(String text, boolean flush, boolean end, Settings settings) {

    /** The settings of a connection: its voice, its audio format and how to generate. */
    record Settings(VoiceSource voice, AudioFormat format, double speed, GenerationOptions options) {
        static final Settings DEFAULT = new Settings(VoiceSource.DEFAULT, AudioFormat.PCM, 1.0,
                GenerationOptions.defaults());
    }

    private static final Set<String> INPUT = Set.of("text", "flush", "end");
    private static final Set<String> SETTINGS;

    static {
        Set<String> settings = new TreeSet<>(Set.of("voice", "format", "model", "speed"));
        settings.addAll(GenerationParameters.NAMES);
        SETTINGS = settings;
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * Reads {@code message}.
     *
     * @param first whether it is the connection's first message (the only one that may carry settings)
     * @throws ApiException 400 for anything but such an object, 422 for a setting out of range
     */
    static SocketMessage parse(String message, boolean first) {
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("Each message must be a JSON object such as {\"text\": \"Hello.\"}, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        boolean hasSettings = false;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (SETTINGS.contains(name)) {
                if (!first) {
                    throw ApiException.badRequest(name + " is a setting: settings may only be given in the first"
                            + " message");
                }
                hasSettings = true;
            } else if (!INPUT.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + VoiceSource.abbreviate(name) + "': a message may"
                        + " have text, flush and end" + (first ? ", and the settings " + String.join(", ", SETTINGS)
                        : ""));
            }
        }
        String text = string(node, "text");
        return new SocketMessage(text, flag(node, "flush"), flag(node, "end"), hasSettings ? settings(node) : null);
    }

    private static Settings settings(JsonNode node) {
        String voiceName = string(node, "voice");
        VoiceSource voice = voiceName == null || voiceName.isBlank() ? VoiceSource.DEFAULT
                : VoiceSource.named(voiceName, "voice");
        String formatName = string(node, "format");
        AudioFormat format = AudioFormat.PCM;
        if (formatName != null) {
            format = switch (formatName.toLowerCase(Locale.ROOT)) {
                case "pcm" -> AudioFormat.PCM;
                case "wav" -> AudioFormat.WAV;
                default -> throw ApiException.badRequest("Unsupported format '" + VoiceSource.abbreviate(formatName)
                        + "': this endpoint sends pcm or wav");
            };
        }
        string(node, "model");
        double rate = SpeechRequest.speed(node.get("speed"));
        return new Settings(voice, format, rate, GenerationParameters.fromJson(node));
    }

    /** A string field, or null when absent or JSON null. */
    private static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest(field + " must be a string, got " + value.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
        }
        return value.textValue();
    }

    private static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiException.badRequest(field + " must be true or false, got " + value.getNodeType().name()
                    .toLowerCase(Locale.ROOT));
        }
        return value.booleanValue();
    }
}
