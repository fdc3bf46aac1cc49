package org.pockettts.server;

import org.pockettts.api.ModelFiles;
import org.pockettts.PredefinedVoices;

/** Which voice a request asks for. */
sealed interface VoiceSource {

    /** The server's default voice. */
    record Default() implements VoiceSource {
    }

    /** A predefined voice name or an {@code hf://}, {@code http://} or {@code https://} URL. */
    record Named(String spec) implements VoiceSource {
    }

    /** A recording uploaded with the request, to clone. */
    record Uploaded(byte[] wav, String filename) implements VoiceSource {
    }

    VoiceSource DEFAULT = new Default();

    /**
     * The voice named by a client. Local paths are refused: a client must not make the server read
     * its own files.
     *
     * @throws ApiException 400 for anything but a predefined name or a URL
     */
    static VoiceSource named(String spec, String field) {
        String s = spec.strip();
        if (PredefinedVoices.isPredefined(s) || ModelFiles.isRemote(s)) {
            return new Named(s);
        }
        throw ApiException.badRequest("Unknown voice '" + spec + "' in " + field + ": give one of the predefined"
                + " voices (" + String.join(", ", PredefinedVoices.NAMES) + ") or a URL starting with http://,"
                + " https:// or hf://");
    }
}
