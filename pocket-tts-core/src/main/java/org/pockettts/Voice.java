package org.pockettts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensorsWriter;

/**
 * A voice the model speaks in: the FlowLM state after prompting with the voice conditioning (or as
 * read from a model-state file). It is computed once and never changed; every generation starts
 * from a copy, so one voice may be used by any number of generations at the same time.
 */
public final class Voice {

    private final String description;
    /** The conditioning rows, or null for a voice read from a model state, which holds none. */
    private final float[] conditioning;
    private final int frames;
    private final int dim;
    private final FlowLm flowLm;
    private final FlowLm.State state;
    private final Behaviour behaviour;

    Voice(String description, float[] conditioning, int frames, FlowLm flowLm, FlowLm.State state,
          Behaviour behaviour) {
        this.description = description;
        this.conditioning = conditioning;
        this.frames = frames;
        this.dim = flowLm.dim();
        this.flowLm = flowLm;
        this.state = state;
        this.behaviour = behaviour;
    }

    /** Where the voice came from, e.g. a file name. */
    public String description() {
        return description;
    }

    /**
     * Number of conditioning frames (one per 80 ms of prompt audio); for a voice read from a model
     * state, the positions it holds.
     */
    public int frames() {
        return frames;
    }

    /** Positions the voice takes in the model's context (its frames, and the learned token before them if any). */
    public int positions() {
        return (int) state.length();
    }

    /** Values per conditioning position (the model's {@code d_model}). */
    public int dim() {
        return dim;
    }

    /** Whether the voice has its conditioning (a voice read from a model state has only the state). */
    public boolean hasConditioning() {
        return conditioning != null;
    }

    /**
     * The voice conditioning, {@link #frames()} rows of {@link #dim()} values (a copy): what voice
     * files of pocket-tts 1.x hold as {@code audio_prompt} [1, frames, d_model], and what
     * {@link TtsModel#voiceFromEmbedding} takes.
     *
     * @throws IllegalStateException for a voice read from a model state (see {@link #hasConditioning()})
     */
    public float[] conditioning() {
        if (conditioning == null) {
            throw new IllegalStateException("The voice " + description + " was read from a model state: it has no"
                    + " conditioning");
        }
        return conditioning.clone();
    }

    /**
     * Writes the voice as a file that {@link TtsModel#voice} loads instantly, in the format of the
     * model's behaviour: under 1.0 the conditioning ({@code audio_prompt}, as pocket-tts 1.x), under
     * 2.1 and 3.3 the prompted state (a model state, with {@code pad} under 3.3). A voice read from a
     * model state is always written as one.
     */
    public void save(Path file) throws IOException {
        if (behaviour.voiceFiles() == Behaviour.VoiceFileFormat.AUDIO_PROMPT && conditioning != null) {
            FloatTensor prompt = new FloatTensor(new long[] {1, frames, dim}, conditioning);
            SafeTensorsWriter.write(file, Map.of("audio_prompt", prompt), Map.of("format", "pt"));
        } else {
            ModelStates.write(flowLm, state, file, behaviour.modelStatePadding());
        }
    }

    /**
     * A state for one generation chunk that continues the prompted state, which it reads in place
     * (this voice never changes it), with room for {@code more} positions of its own.
     */
    FlowLm.State continueState(int more) {
        return state.branch(more);
    }

    /** Memory held by this voice (its prompted state and conditioning), e.g. to bound a cache of voices. */
    public long sizeInBytes() {
        return state.sizeInBytes() + (conditioning == null ? 0 : 4L * conditioning.length);
    }

    @Override
    public String toString() {
        return "Voice[" + description + ", " + frames + " frames]";
    }
}
