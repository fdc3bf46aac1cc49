package org.pockettts.server;

import org.pockettts.TtsModel;
import org.pockettts.api.PocketTtsException;
import org.pockettts.audio.Audio;
import org.pockettts.audio.WavReader;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;

/**
 * The bytes of a voice from a client (an upload or a fetched URL), checked to be usable before
 * anything is kept or computed from them: a WAV recording the engine reads (its first
 * {@link ServerConfig#MAX_PROMPT_SECONDS} seconds), or a voice embedding ({@code .safetensors} with an
 * {@code audio_prompt} tensor of the model's width).
 */
sealed interface VoiceContent {

    /** A recording of the speaker, to clone. */
    record Recording(Audio audio) implements VoiceContent {
    }

    /** A voice embedding, {@code audio_prompt} [1, frames, d_model]. */
    record Embedding(FloatTensor audioPrompt) implements VoiceContent {
    }

    String CLONING_UNAVAILABLE = "This server cannot clone voices from recordings: it runs the model without voice"
            + " cloning. Use a predefined voice or a voice embedding (.safetensors made by export-voice).";

    /**
     * What {@code bytes} hold, named {@code source} in messages (the upload's file name, the URL).
     *
     * @throws ApiException 422 when they are not a usable voice (the message says why), 413 when
     *     decoding them needs more memory than the server has for it
     */
    static VoiceContent check(byte[] bytes, String source, TtsModel model) {
        if (looksLikeSafetensors(bytes)) {
            return embedding(bytes, source, model.config().flowLm().transformer().dModel());
        }
        if (!model.hasVoiceCloning()) {
            throw ApiException.unprocessable(CLONING_UNAVAILABLE);
        }
        try {
            return new Recording(WavReader.read(bytes, source, ServerConfig.MAX_PROMPT_SECONDS));
        } catch (PocketTtsException e) {
            throw ApiException.unprocessable(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new ApiException(413, "cannot read WAV file " + source + ": decoding it needs more memory than"
                    + " this server allows for a voice; use a short mono 16-bit recording", e);
        } catch (RuntimeException e) {
            throw new ApiException(422, "cannot read WAV file " + source + ": its header is invalid; convert it to"
                    + " a 16-bit PCM WAV file, for example with 'ffmpeg -i INPUT -ac 1 -c:a pcm_s16le prompt.wav'", e);
        }
    }

    private static Embedding embedding(byte[] bytes, String source, int width) {
        FloatTensor prompt;
        try {
            SafeTensors file = SafeTensors.of(source, bytes);
            if (!file.contains("audio_prompt")) {
                throw ApiException.unprocessable("The voice file " + source + " holds no 'audio_prompt' tensor: it is"
                        + " not a voice embedding");
            }
            prompt = file.tensor("audio_prompt");
        } catch (PocketTtsException e) {
            throw ApiException.unprocessable("The voice file " + source + " is not a valid voice embedding: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw new ApiException(422, "The voice file " + source + " is not a valid voice embedding", e);
        }
        long[] shape = prompt.shape();
        boolean ok = (shape.length == 3 && shape[0] == 1 || shape.length == 2) && shape[shape.length - 1] == width
                && shape[shape.length - 2] > 0;
        if (!ok) {
            throw ApiException.unprocessable("The voice embedding " + source + " has shape "
                    + java.util.Arrays.toString(shape) + " but this model needs [1, frames, " + width + "]");
        }
        return new Embedding(prompt);
    }

    /** A safetensors file starts with the little-endian length of its JSON header, which opens with '{'. */
    private static boolean looksLikeSafetensors(byte[] bytes) {
        if (bytes.length < 10 || bytes[8] != '{') {
            return false;
        }
        long headerLength = 0;
        for (int i = 7; i >= 0; i--) {
            headerLength = headerLength << 8 | (bytes[i] & 0xFF);
        }
        return headerLength >= 2 && headerLength <= bytes.length - 8;
    }
}
