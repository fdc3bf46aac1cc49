package org.pockettts.server;

import org.pockettts.TtsModel;
import org.pockettts.VoiceInput;
import org.pockettts.api.InvalidInputException;

/**
 * The bytes of a voice from a client (an upload or a fetched URL), read and checked by the model
 * before anything is kept or computed from them: a WAV recording (its first
 * {@link ServerConfig#MAX_PROMPT_SECONDS} seconds), or a voice file ({@code .safetensors}: a voice
 * embedding or a model state, as {@code export-voice} writes them).
 */
final class VoiceContent {

    static final String CLONING_UNAVAILABLE = "This server cannot clone voices from recordings: it runs the model"
            + " without voice cloning. Use a predefined voice or a voice file (.safetensors made by export-voice).";

    private VoiceContent() {
    }

    /**
     * What {@code bytes} hold, named {@code source} in messages (the upload's file name, the URL).
     *
     * @throws ApiException 422 when they are not a usable voice (the message says why), 413 when
     *     decoding them needs more memory than the server has for it
     */
    static VoiceInput check(byte[] bytes, String source, TtsModel model) {
        // The engine's own message would tell the client how the operator may get the weights.
        if (!model.hasVoiceCloning() && !VoiceInput.isVoiceFile(bytes)) {
            throw ApiException.unprocessable(CLONING_UNAVAILABLE);
        }
        try {
            return model.readVoice(bytes, source, ServerConfig.MAX_PROMPT_SECONDS);
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new ApiException(413, "cannot read the voice " + source + ": decoding it needs more memory than"
                    + " this server allows for a voice; use a short mono 16-bit recording", e);
        }
    }
}
