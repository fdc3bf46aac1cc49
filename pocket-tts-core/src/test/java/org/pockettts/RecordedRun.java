package org.pockettts;

import java.util.ArrayList;
import java.util.List;
import org.pockettts.testing.Numbers;

/**
 * What one generation produced, recorded through the engine's probe: every latent and EOS logit,
 * the latents of each chunk, the size of each streamed frame, and the audio. Public so that the
 * tests of other modules (the full-size model of the benchmark's) can look into a generation too.
 *
 * @param latents every latent, in order, flattened
 * @param eos every EOS logit
 * @param chunkFrames latents computed per chunk
 * @param frameSizes the samples of each streamed frame
 * @param audio all frames concatenated
 */
public record RecordedRun(float[] latents, float[] eos, List<Integer> chunkFrames, List<Integer> frameSizes,
                          float[] audio) {

    /** Speaks {@code text} in {@code voice} and records it. */
    public static RecordedRun of(TtsModel model, Voice voice, String text, GenerationOptions options) {
        List<float[]> latents = new ArrayList<>();
        List<Float> eos = new ArrayList<>();
        List<Integer> chunkFrames = new ArrayList<>();
        Generation.Probe probe = (chunk, step, latent, eosLogit) -> {
            while (chunkFrames.size() <= chunk) {
                chunkFrames.add(0);
            }
            chunkFrames.set(chunk, chunkFrames.get(chunk) + 1);
            latents.add(latent.clone());
            eos.add(eosLogit);
        };
        List<float[]> frames = new ArrayList<>();
        try (AudioStream stream = model.stream(voice, text, options, probe)) {
            stream.frames().forEach(frames::add);
        }
        float[] eosArray = new float[eos.size()];
        for (int i = 0; i < eosArray.length; i++) {
            eosArray[i] = eos.get(i);
        }
        return new RecordedRun(concat(latents), eosArray, chunkFrames, frames.stream().map(f -> f.length).toList(),
                concat(frames));
    }

    static float[] concat(List<float[]> parts) {
        return Numbers.concat(parts.toArray(float[][]::new));
    }
}
