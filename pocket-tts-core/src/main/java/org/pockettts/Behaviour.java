package org.pockettts;

import java.util.function.Function;
import org.pockettts.config.Compat;
import org.pockettts.config.TextOptions;
import org.pockettts.nn.Gelu;
import org.pockettts.text.TextRules;

/**
 * The named switches that make up a {@link Compat} behaviour: code asks for a switch, never for a
 * release number. Each switch has a test that fails when it alone is turned off.
 *
 * @param textRules the text rules, from the configuration's text options (which rules a release
 *     honours, its sentence splitting, chunk re-preparation and generation length)
 * @param recommendedFramesAfterEos whether the configuration's {@code model_recommended_frames_after_eos}
 *     is honoured (2.x and 3.x)
 * @param gelu the GELU of every transformer's feed-forward (FlowLM and both Mimi transformers)
 * @param eosMinimumFrames a frame counts as the end of speech only from this index on, counted
 *     from 0 in each chunk (3.3: 6)
 * @param chunkFadeIn whether each chunk's first decoded samples fade in over {@code sample_rate / 200}
 *     samples (3.3)
 * @param voicePromptEndsOnPause whether a voice prompt from audio is cut after its last loud frame
 *     and given a pause ({@link EndOnPause}, 3.3)
 * @param defaultTemperatureFromConfig whether a generation without a temperature uses the
 *     configuration's {@code default_temperature} (3.3) rather than 0.7
 * @param voiceFiles the format voice files are written in
 * @param modelStatePadding whether model states carry {@code pad}: read and honoured (the leading
 *     positions it counts are never attended to) and written (3.3)
 */
record Behaviour(Function<TextOptions, TextRules> textRules, boolean recommendedFramesAfterEos, Gelu gelu,
                 int eosMinimumFrames, boolean chunkFadeIn, boolean voicePromptEndsOnPause,
                 boolean defaultTemperatureFromConfig, VoiceFileFormat voiceFiles, boolean modelStatePadding) {

    /** pocket-tts 1.0.1. */
    static final Behaviour V1_0 = new Behaviour(options -> TextRules.v1_0(), false, Gelu.ERF, 0, false, false, false,
            VoiceFileFormat.AUDIO_PROMPT, false);

    /** pocket-tts 2.1.0. */
    static final Behaviour V2_1 = new Behaviour(TextRules::v2_1, true, Gelu.ERF, 0, false, false, false,
            VoiceFileFormat.MODEL_STATE, false);

    /** pocket-tts 3.3.0. */
    static final Behaviour V3_3 = new Behaviour(TextRules::v3_3, true, Gelu.TANH, 6, true, true, true,
            VoiceFileFormat.MODEL_STATE, true);

    /** The switches of {@code compat}. */
    static Behaviour of(Compat compat) {
        return switch (compat) {
            case V1_0 -> V1_0;
            case V2_1 -> V2_1;
            case V3_3 -> V3_3;
        };
    }

    /** The formats of voice files. */
    enum VoiceFileFormat {
        /** pocket-tts 1.x: the voice conditioning, {@code audio_prompt} [1, frames, d_model]. */
        AUDIO_PROMPT,
        /** pocket-tts 2.x and 3.x: FlowLM's attention caches after the voice prompt. */
        MODEL_STATE
    }

    Behaviour withTextRules(Function<TextOptions, TextRules> value) {
        return new Behaviour(value, recommendedFramesAfterEos, gelu, eosMinimumFrames, chunkFadeIn,
                voicePromptEndsOnPause, defaultTemperatureFromConfig, voiceFiles, modelStatePadding);
    }

    Behaviour withGelu(Gelu value) {
        return new Behaviour(textRules, recommendedFramesAfterEos, value, eosMinimumFrames, chunkFadeIn,
                voicePromptEndsOnPause, defaultTemperatureFromConfig, voiceFiles, modelStatePadding);
    }

    Behaviour withEosMinimumFrames(int value) {
        return new Behaviour(textRules, recommendedFramesAfterEos, gelu, value, chunkFadeIn, voicePromptEndsOnPause,
                defaultTemperatureFromConfig, voiceFiles, modelStatePadding);
    }

    Behaviour withChunkFadeIn(boolean value) {
        return new Behaviour(textRules, recommendedFramesAfterEos, gelu, eosMinimumFrames, value,
                voicePromptEndsOnPause, defaultTemperatureFromConfig, voiceFiles, modelStatePadding);
    }

    Behaviour withVoicePromptEndsOnPause(boolean value) {
        return new Behaviour(textRules, recommendedFramesAfterEos, gelu, eosMinimumFrames, chunkFadeIn, value,
                defaultTemperatureFromConfig, voiceFiles, modelStatePadding);
    }

    Behaviour withDefaultTemperatureFromConfig(boolean value) {
        return new Behaviour(textRules, recommendedFramesAfterEos, gelu, eosMinimumFrames, chunkFadeIn,
                voicePromptEndsOnPause, value, voiceFiles, modelStatePadding);
    }

    Behaviour withModelStatePadding(boolean value) {
        return new Behaviour(textRules, recommendedFramesAfterEos, gelu, eosMinimumFrames, chunkFadeIn,
                voicePromptEndsOnPause, defaultTemperatureFromConfig, voiceFiles, value);
    }
}
