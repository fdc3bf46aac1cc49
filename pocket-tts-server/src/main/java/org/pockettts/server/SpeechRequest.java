package org.pockettts.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.pockettts.GenerationOptions;
import org.pockettts.formats.AudioFormat;
import org.pockettts.formats.TimeStretcher;

/**
 * One request for speech, parsed and checked, from either endpoint.
 *
 * @param text what to say (not blank)
 * @param voice in which voice
 * @param options how to generate
 * @param format how the audio is encoded
 * @param speed the speaking rate, {@value TimeStretcher#MIN_SPEED} to {@value TimeStretcher#MAX_SPEED}
 */
record SpeechRequest(String text, VoiceSource voice, GenerationOptions options, AudioFormat format, double speed) {

    /**
     * The format named in {@code field}; wav when the field is absent.
     *
     * @throws ApiException 400 naming the value and listing the supported formats (aac has no encoder here)
     */
    static AudioFormat format(String name, String field) {
        if (name == null) {
            return AudioFormat.WAV;
        }
        try {
            return AudioFormat.fromName(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Unsupported " + field + " '" + abbreviate(name) + "': the supported formats"
                    + " are " + String.join(", ", AudioFormat.names()));
        }
    }

    /**
     * The speaking rate of a JSON field; 1 when absent or null.
     *
     * @throws ApiException 422 when not a number, 400 naming the range for a rate outside it
     */
    static double speed(JsonNode speed) {
        if (speed == null || speed.isNull()) {
            return speed((Double) null);
        }
        if (!speed.isNumber()) {
            throw ApiException.unprocessable("speed must be a number, got " + speed);
        }
        return speed(speed.doubleValue());
    }

    /**
     * The speaking rate; 1 when absent.
     *
     * @throws ApiException 400 naming the range, for a rate outside it
     */
    static double speed(Double speed) {
        if (speed == null) {
            return 1.0;
        }
        try {
            return TimeStretcher.checkSpeed(speed);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /**
     * Refuses a text longer than the server speaks in one request.
     *
     * @throws ApiException 413 naming the limit
     */
    static void checkLength(String text, String field, ServerConfig config) {
        int chars = text.codePointCount(0, text.length());
        if (chars > config.maxTextChars()) {
            throw ApiException.tooLarge("The " + field + " is too long: " + chars + " characters, and this server"
                    + " speaks at most " + config.maxTextChars() + " per request; split it over several requests");
        }
    }

    /** A request's Content-Type as a message shows it. */
    static String describeContentType(String contentType) {
        if (contentType == null) {
            return "a body without Content-Type";
        }
        return contentType.length() <= 100 ? contentType : contentType.substring(0, 97) + "...";
    }
}
