package org.pockettts;

import java.util.Arrays;
import java.util.List;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFormatException;
import org.pockettts.audio.Audio;
import org.pockettts.audio.Resampler;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;

/**
 * What a model accepts as a voice, checked before anything is encoded or prompted: voice files (a
 * 1.x voice embedding or a 2.x/3.x model state) read against the model's shapes, and the length of
 * recordings and prompts against the context ({@link #LONGEST_VOICE_FRAMES}).
 */
final class VoiceReader {

    /** Voice prompts longer than this many frames are refused: they would leave too little of the context for speech. */
    static final int LONGEST_VOICE_FRAMES = FlowLm.MAX_POSITIONS - 100;

    private final FlowLm flowLm;
    private final Behaviour behaviour;
    private final int frameSize;
    private final int sampleRate;

    VoiceReader(FlowLm flowLm, Behaviour behaviour, int frameSize, int sampleRate) {
        this.flowLm = flowLm;
        this.behaviour = behaviour;
        this.frameSize = frameSize;
        this.sampleRate = sampleRate;
    }

    /** Read no more of a recording than the longest prompt the model takes (and a frame, to tell a longer one). */
    double longestRecordingSeconds() {
        return (LONGEST_VOICE_FRAMES + 1) * (double) frameSize / sampleRate;
    }

    /** The voice embedding or model state in {@code st}, the file {@code name}. */
    VoiceInput readFile(SafeTensors st, String name, String description) {
        if (!st.contains("audio_prompt") && ModelStates.isModelState(st)) {
            FlowLm.State state = ModelStates.read(flowLm, st, description, behaviour.modelStatePadding(),
                    flowLm.voicePromptRows(LONGEST_VOICE_FRAMES));
            return new VoiceInput(description, flowLm, new VoiceInput.State(state));
        }
        if (!st.contains("audio_prompt")) {
            List<String> names = List.copyOf(st.names());
            throw new InvalidInputException("The voice file " + name + " holds no 'audio_prompt' tensor and"
                    + " is no model state; it is not a voice file (tensors: "
                    + (names.size() <= 5 ? names : names.subList(0, 5) + " and " + (names.size() - 5) + " more")
                    + ")");
        }
        FloatTensor prompt = st.tensor("audio_prompt");
        long[] shape = prompt.shape();
        boolean ok = (shape.length == 3 && shape[0] == 1) || shape.length == 2;
        if (!ok || shape[shape.length - 1] != flowLm.dim() || shape[shape.length - 2] == 0) {
            throw embeddingShape(description, Arrays.toString(shape));
        }
        int frames = prompt.dim(-2);
        checkLength(frames, description);
        return new VoiceInput(description, flowLm, new VoiceInput.Embedding(prompt.data(), frames));
    }

    static InvalidInputException notAVoiceFile(String name, ModelFormatException e) {
        return new InvalidInputException("The voice file " + name + " is not a valid voice embedding: "
                + e.getMessage(), e);
    }

    InvalidInputException embeddingShape(String description, String shape) {
        return new InvalidInputException("The voice embedding " + description + " has shape " + shape
                + " but this model needs [1, frames, " + flowLm.dim() + "]");
    }

    /** Refuses a recording that is empty or longer than a prompt may be. */
    void checkRecording(Audio audio, String description) {
        if (audio.samples().length == 0) {
            throw new InvalidInputException("The voice recording " + description + " is empty");
        }
        long samples = Resampler.outputLength(audio.samples().length, audio.sampleRate(), sampleRate);
        checkLength((samples + frameSize - 1) / frameSize, description);
    }

    /** Refuses a prompt of more than {@link #LONGEST_VOICE_FRAMES} frames. */
    void checkLength(long frames, String description) {
        if (frames > LONGEST_VOICE_FRAMES) {
            throw new InvalidInputException("The voice prompt " + description + " is too long: " + frames
                    + " frames (" + frames * frameSize / sampleRate + " s); at most " + LONGEST_VOICE_FRAMES
                    + " frames (" + LONGEST_VOICE_FRAMES * frameSize / sampleRate + " s) leave room for speech."
                    + " Use a shorter recording.");
        }
    }
}
