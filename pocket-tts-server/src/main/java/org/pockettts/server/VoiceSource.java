package org.pockettts.server;

import org.pockettts.api.ModelFiles;
import org.pockettts.config.Catalog;

/** Which voice a request asks for. */
sealed interface VoiceSource {

    /** The server's default voice. */
    record Default() implements VoiceSource {
    }

    /**
     * A name, as given in the request's {@code field}: whether it is one of the model's predefined
     * voices is checked by the {@link VoiceLibrary}, which knows the model.
     */
    record Predefined(String name, String field) implements VoiceSource {
    }

    /** An {@code hf://}, {@code http://} or {@code https://} URL. */
    record Remote(String url) implements VoiceSource {
    }

    /** A recording (or voice file) uploaded with the request. */
    record Uploaded(byte[] wav, String filename) implements VoiceSource {
    }

    VoiceSource DEFAULT = new Default();

    /**
     * The voice named by a client: a name or a URL. Local paths are refused: a client must not make
     * the server read its own files.
     *
     * @throws ApiException 400 for anything but a name or a URL
     */
    static VoiceSource named(String spec, String field) {
        String s = spec.strip();
        if (ModelFiles.isRemote(s)) {
            return new Remote(s);
        }
        if (!s.isEmpty() && Catalog.looksLikeName(s)) {
            return new Predefined(s, field);
        }
        throw ApiException.badRequest("Unknown voice '" + abbreviate(spec) + "' in " + field + ": give the name of a"
                + " predefined or saved voice (GET /v1/voices lists them) or a URL starting with http://, https:// or hf://");
    }

    /** A client's words as shown back to it: its own, but not a page of them. */
    static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
