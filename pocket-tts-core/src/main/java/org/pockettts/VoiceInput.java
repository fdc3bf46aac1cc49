package org.pockettts;

import org.pockettts.audio.Audio;
import org.pockettts.flowlm.FlowLm;

/**
 * A voice read and checked against one model but not yet made: a recording's samples, a voice
 * embedding, or a model state ({@link TtsModel#readVoice}). Reading is cheap; making the voice
 * ({@link TtsModel#voice(VoiceInput)}) encodes and prompts, the costly part. A server reads a
 * client's voice first, so that a broken file never waits for, or holds, a generation slot.
 */
public final class VoiceInput {

    /** What was read. */
    sealed interface Content {
    }

    /** A recording of the speaker, to clone. */
    record Recording(Audio audio) implements Content {
    }

    /** A voice embedding: {@code frames} rows of the model's width (a private copy). */
    record Embedding(float[] conditioning, int frames) implements Content {
    }

    /** A model state, ready as it is. */
    record State(FlowLm.State state) implements Content {
    }

    private final String description;
    private final FlowLm flowLm;
    private final Content content;

    VoiceInput(String description, FlowLm flowLm, Content content) {
        this.description = description;
        this.flowLm = flowLm;
        this.content = content;
    }

    /** Where the voice came from, e.g. a file name. */
    public String description() {
        return description;
    }

    /** Whether making the voice costs nothing (a model state): only recordings and embeddings are prompted. */
    public boolean isReady() {
        return content instanceof State;
    }

    FlowLm flowLm() {
        return flowLm;
    }

    Content content() {
        return content;
    }

    /**
     * Whether {@code bytes} are a voice file ({@code .safetensors}: a voice embedding or a model
     * state) rather than a recording: a safetensors file starts with the little-endian length of
     * its JSON header, which opens with '{'.
     */
    public static boolean isVoiceFile(byte[] bytes) {
        if (bytes.length < 10 || bytes[8] != '{') {
            return false;
        }
        long headerLength = 0;
        for (int i = 7; i >= 0; i--) {
            headerLength = headerLength << 8 | (bytes[i] & 0xFF);
        }
        return headerLength >= 2 && headerLength <= bytes.length - 8;
    }

    @Override
    public String toString() {
        return "VoiceInput[" + description + ", " + content.getClass().getSimpleName() + "]";
    }
}
