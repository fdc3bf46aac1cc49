package org.pockettts.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.pockettts.GenerationOptions;
import org.pockettts.formats.AudioFormat;

/**
 * Reads a {@code POST /v1/audio/speech} request, OpenAI's speech API as a JSON object:
 * {@code input} (required), {@code voice} (a predefined name or URL; default: the server's voice),
 * {@code response_format} ({@code wav}, the default, {@code pcm}, {@code mp3}, {@code opus} or
 * {@code flac}), {@code speed} (0.25 to 4.0), {@code model} (any value: there is one model) and
 * {@code stream} (any boolean: the audio is always streamed), plus the generation parameters of
 * {@link GenerationParameters} ({@code normalize} among them). Other fields
 * are ignored, as OpenAI clients may send some this server has no use for.
 */
final class OpenAiSpeech {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OpenAiSpeech() {
    }

    static SpeechRequest parse(Context ctx, ServerConfig config) {
        if (!ctx.isJson()) {
            throw ApiException.unsupportedMediaType("POST /v1/audio/speech takes a JSON object (Content-Type:"
                    + " application/json), not " + SpeechRequest.describeContentType(ctx.contentType()));
        }
        JsonNode body = read(ctx, config.maxJsonBytes());
        if (!body.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object, got " + body.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        String input = text(body, "input");
        if (input == null || input.isBlank()) {
            throw ApiException.badRequest("input cannot be empty: give the text to speak");
        }
        SpeechRequest.checkLength(input, "input", config);
        String voiceName = text(body, "voice");
        VoiceSource voice = voiceName == null || voiceName.isBlank() ? VoiceSource.DEFAULT
                : VoiceSource.named(voiceName, "voice");
        AudioFormat format = SpeechRequest.format(text(body, "response_format"), "response_format");
        double rate = SpeechRequest.speed(body.get("speed"));
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiException.unprocessable("stream must be true or false, got " + stream);
        }
        text(body, "model");
        GenerationOptions options = GenerationParameters.fromJson(body);
        return new SpeechRequest(input, voice, options, format, rate);
    }

    private static JsonNode read(Context ctx, long limit) {
        if (ctx.req().getContentLengthLong() > limit) {
            // Refused on its declared length, before waiting for a body that may never come.
            throw ApiException.tooLarge("The JSON body is too large: at most " + limit + " bytes");
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        } catch (IOException e) {
            throw new ApiException(400, "Cannot read the request body: it ended early or arrived too slowly", e);
        }
        if (bytes.length > limit) {
            throw ApiException.tooLarge("The JSON body is too large: at most " + limit + " bytes");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("Invalid JSON: the body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "Invalid JSON", e);
        }
    }

    /** A string field, or null when absent or JSON null. */
    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.unprocessable(field + " must be a string, got " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        return node.textValue();
    }
}
