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
}
