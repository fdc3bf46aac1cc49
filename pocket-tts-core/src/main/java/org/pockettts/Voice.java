package org.pockettts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensorsWriter;

/**
 * A voice the model speaks in: the FlowLM state after prompting with the voice conditioning. It is
 * computed once and never changed; every generation starts from a copy, so one voice may be used by
 * any number of generations at the same time.
 */
public final class Voice {

    private final String description;
    private final float[] conditioning;
    private final int frames;
    private final int dim;
    private final FlowLm.State state;

    Voice(String description, float[] conditioning, int frames, int dim, FlowLm.State state) {
        this.description = description;
        this.conditioning = conditioning;
        this.frames = frames;
        this.dim = dim;
        this.state = state;
    }

    /** Where the voice came from, e.g. a file name. */
    public String description() {
        return description;
    }

    /** Number of conditioning positions (one per 80 ms of prompt audio). */
    public int frames() {
        return frames;
    }

    /** Values per conditioning position (the model's {@code d_model}). */
    public int dim() {
        return dim;
    }

    /**
     * The voice conditioning, {@link #frames()} rows of {@link #dim()} values (a copy): what voice
     * files hold as {@code audio_prompt} [1, frames, d_model], and what
     * {@link TtsModel#voiceFromEmbedding} takes.
     */
    public float[] conditioning() {
        return conditioning.clone();
    }

    /** Writes the conditioning as a voice file ({@code audio_prompt}) that {@link TtsModel#voice} loads instantly. */
    public void save(Path file) throws IOException {
        FloatTensor prompt = new FloatTensor(new long[] {1, frames, dim}, conditioning);
        SafeTensorsWriter.write(file, Map.of("audio_prompt", prompt), Map.of("format", "pt"));
    }

    /** A private copy of the prompted state for one generation chunk. */
    FlowLm.State copyState() {
        return state.copy();
    }

    /** Memory held by this voice (its prompted state and conditioning), e.g. to bound a cache of voices. */
    public long sizeInBytes() {
        return state.sizeInBytes() + 4L * conditioning.length;
    }

    @Override
    public String toString() {
        return "Voice[" + description + ", " + frames + " frames]";
    }
}
