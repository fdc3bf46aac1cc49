package org.pockettts.server;

import org.pockettts.GenerationOptions;

/**
 * One request for speech, parsed and checked, from either endpoint.
 *
 * @param text what to say (not blank)
 * @param voice in which voice
 * @param options how to generate
 * @param format how the audio is sent
 */
record SpeechRequest(String text, VoiceSource voice, GenerationOptions options, AudioFormat format) {

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
