package org.pockettts.server;

import org.pockettts.api.ModelFiles;
import org.pockettts.PredefinedVoices;

/** Which voice a request asks for. */
sealed interface VoiceSource {

    /** The server's default voice. */
    record Default() implements VoiceSource {
    }

    /** One of {@link PredefinedVoices#NAMES}. */
    record Predefined(String name) implements VoiceSource {
    }

    /** An {@code hf://}, {@code http://} or {@code https://} URL. */
    record Remote(String url) implements VoiceSource {
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
        if (PredefinedVoices.isPredefined(s)) {
            return new Predefined(s);
        }
        if (ModelFiles.isRemote(s)) {
            return new Remote(s);
        }
        throw ApiException.badRequest("Unknown voice '" + abbreviate(spec) + "' in " + field + ": give one of the"
                + " predefined voices (" + String.join(", ", PredefinedVoices.NAMES) + ") or a URL starting with"
                + " http://, https:// or hf://");
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
