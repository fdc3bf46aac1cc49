package org.pockettts.server;

import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.VoiceInput;

/**
 * The engine's costly work for a request: making a client's voice (encoding and prompting) and
 * speaking. The model's own ({@link #of}); tests put faults between the server and it (an
 * {@link Error} on a generation's threads, a voice that is still being prompted when its client
 * leaves) to see that the server survives them.
 */
interface EngineWork {

    /** {@link TtsModel#voice(VoiceInput)}. */
    Voice voice(VoiceInput input);

    /** {@link TtsModel#stream}. */
    AudioStream stream(Voice voice, String text, GenerationOptions options);

    static EngineWork of(TtsModel model) {
        return new EngineWork() {
            @Override
            public Voice voice(VoiceInput input) {
                return model.voice(input);
            }

            @Override
            public AudioStream stream(Voice voice, String text, GenerationOptions options) {
                return model.stream(voice, text, options);
            }
        };
    }
}
