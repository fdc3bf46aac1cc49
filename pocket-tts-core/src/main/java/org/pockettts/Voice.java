package org.pockettts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.pockettts.nn.Transformer;
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
    private final Transformer.State state;

    Voice(String description, float[] conditioning, int frames, int dim, Transformer.State state) {
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

    /** The voice conditioning as {@code audio_prompt} [1, frames, d_model], the format of voice files. */
    public FloatTensor conditioning() {
        return new FloatTensor(new long[] {1, frames, dim}, conditioning.clone());
    }

    /** Writes the conditioning as a voice file ({@code audio_prompt}) that {@link TtsModel#voice} loads instantly. */
    public void save(Path file) throws IOException {
        SafeTensorsWriter.write(file, Map.of("audio_prompt", conditioning()), Map.of("format", "pt"));
    }

    /** A private copy of the prompted state for one generation chunk. */
    Transformer.State copyState() {
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
