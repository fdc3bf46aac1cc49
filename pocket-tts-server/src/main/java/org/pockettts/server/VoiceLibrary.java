package org.pockettts.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.audio.WavReader;

/**
 * Turns a request's {@link VoiceSource} into a prompted {@link Voice}: the default voice as loaded
 * at start, others through the {@link VoiceCache}. Prompts are cut to
 * {@link ServerConfig#MAX_PROMPT_SECONDS}.
 */
final class VoiceLibrary {

    private final TtsModel model;
    private final Voice defaultVoice;
    private final String defaultSpec;
    private final VoiceCache cache;

    VoiceLibrary(TtsModel model, Voice defaultVoice, String defaultSpec, VoiceCache cache) {
        this.model = model;
        this.defaultVoice = defaultVoice;
        this.defaultSpec = defaultSpec;
        this.cache = cache;
    }

    /** The name of the default voice as given at start. */
    String defaultSpec() {
        return defaultSpec;
    }

    /** The model's predefined voices. */
    java.util.List<String> names() {
        return model.voiceNames();
    }

    /**
     * The voice {@code source} asks for.
     *
     * @throws ApiException 400 for a name that is none of the model's voices; 422 when the voice
     *     cannot be had (a download that fails, audio that is not a usable WAV, voice cloning unavailable)
     */
    Voice resolve(VoiceSource source) throws InterruptedException {
        try {
            return switch (source) {
                case VoiceSource.Default d -> defaultVoice;
                case VoiceSource.Named n when n.spec().equals(defaultSpec) -> defaultVoice;
                case VoiceSource.Named n when !ModelFiles.isRemote(n.spec()) && !model.voiceNames().contains(n.spec()) ->
                        throw ApiException.badRequest("Unknown voice '" + n.spec() + "' in " + n.field()
                                + ": give one of the predefined voices (" + String.join(", ", model.voiceNames())
                                + ") or a URL starting with http://, https:// or hf://");
                case VoiceSource.Named n -> cache.get(n.spec(),
                        () -> model.voice(n.spec(), ServerConfig.MAX_PROMPT_SECONDS));
                case VoiceSource.Uploaded u -> cache.get("upload:" + sha256(u.wav()),
                        () -> model.voiceFromAudio(WavReader.read(u.wav(), u.filename(),
                                ServerConfig.MAX_PROMPT_SECONDS), u.filename()));
            };
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
