package org.pockettts.server;

import org.pockettts.api.ModelFiles;
import org.pockettts.config.Catalog;

/** Which voice a request asks for. */
sealed interface VoiceSource {

    /** The server's default voice. */
    record Default() implements VoiceSource {
    }

    /**
     * A predefined voice name or an {@code hf://}, {@code http://} or {@code https://} URL, as given in
     * the request's {@code field}.
     */
    record Named(String spec, String field) implements VoiceSource {
    }

    /** A recording uploaded with the request, to clone. */
    record Uploaded(byte[] wav, String filename) implements VoiceSource {
    }

    VoiceSource DEFAULT = new Default();

    /**
     * The voice named by a client: a name (whether the model has it is checked when the voice is
     * wanted, see {@link VoiceLibrary}) or a URL. Local paths are refused: a client must not make the
     * server read its own files.
     *
     * @throws ApiException 400 for anything but a name or a URL
     */
    static VoiceSource named(String spec, String field) {
        String s = spec.strip();
        if (ModelFiles.isRemote(s) || (!s.isEmpty() && Catalog.looksLikeName(s))) {
            return new Named(s, field);
        }
        throw ApiException.badRequest("Unknown voice '" + spec + "' in " + field + ": give the name of a predefined"
                + " voice (GET /v1/voices lists them) or a URL starting with http://, https:// or hf://");
    }
}
