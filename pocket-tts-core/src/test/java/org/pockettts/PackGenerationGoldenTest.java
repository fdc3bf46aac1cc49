package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pockettts.testing.Numbers;

/**
 * Every generation case of the pocket-tts 2.1.0 ({@code tiny-v2}, behaviour 2.1) and 3.3
 * ({@code tiny-v3}, behaviour 3.3) fixtures, compared with the references' outputs: the chunks the
 * model reads, the latents and EOS logits of every frame and the decisions they lead to, the frames of
 * each chunk, the streamed frame sizes and the audio; for 3.3 also where each chunk's end of speech
 * counted and each chunk's faded-in first samples.
 */
class PackGenerationGoldenTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pockettts.PackGoldens#cases")
    void theModelReadsTheReferencesChunks(String name, PackGoldens.Fixture f, JsonNode c) {
        SpeechPlan plan = PackGoldens.model(f, c).plan(c.get("text").asText(), PackGoldens.options(c));
        assertThat(plan.items()).allMatch(SpeechPlan.Chunk.class::isInstance);
        List<SpeechPlan.Chunk> chunks = plan.items().stream().map(SpeechPlan.Chunk.class::cast).toList();
        assertThat(chunks).extracting(SpeechPlan.Chunk::text).as("chunk texts")
                .containsExactlyElementsOf(textChunks(c));
        assertThat(chunks).extracting(SpeechPlan.Chunk::tokens).as("chunk tokens")
                .containsExactlyElementsOf(c.get("chunk_tokens").valueStream().map(JsonNode::size).toList());
        assertThat(chunks).extracting(SpeechPlan.Chunk::framesAfterEos).as("frames after EOS")
                .containsExactlyElementsOf(PackGoldens.ints(c.get("chunk_frames_after_eos")));
        assertThat(chunks).extracting(SpeechPlan.Chunk::maxFrames).as("max_gen_len")
                .containsExactlyElementsOf(PackGoldens.ints(c.get("chunk_max_gen_len")));
    }

    private static List<String> textChunks(JsonNode c) {
        return c.get("text_chunks").valueStream().map(JsonNode::asText).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.pockettts.PackGoldens#cases")
    void latentsEosLogitsFramesAndAudioMatchTheReference(String name, PackGoldens.Fixture f, JsonNode c) {
        String key = c.get("key").asText();
        RecordedRun run = PackGoldens.run(PackGoldens.model(f, c), PackGoldens.voice(f, c), c);
        float[] goldenEos = f.tensors().floats(key + ".eos_logits");
        float threshold = (float) c.get("eos_threshold").asDouble();
        assertThat(run.eos()).as("%s: frames computed", name).hasSize(goldenEos.length);
        for (int i = 0; i < goldenEos.length; i++) {
            assertThat(run.eos()[i] > threshold).as("%s: EOS decision at frame %d", name, i)
                    .isEqualTo(goldenEos[i] > threshold);
        }
        assertThat(run.chunkFrames()).as("frames per chunk").isEqualTo(PackGoldens.ints(c.get("chunk_frames")));
        assertThat(run.frameSizes()).as("streamed frames").isEqualTo(PackGoldens.ints(c.get("chunk_samples")));
        Numbers.assertClose(name + " eos logits", goldenEos, run.eos(), f.eosTolerance);
        Numbers.assertClose(name + " latents", f.tensors().floats(key + ".latents"), run.latents(), f.tolerance);
        Numbers.assertClose(name + " audio", f.tensors().floats(key + ".audio"), run.audio(), f.tolerance);
        System.out.printf("%s: max abs diff latents %.2e, eos logits %.2e, audio %.2e%n", name,
                Numbers.maxAbsDiff(f.tensors().floats(key + ".latents"), run.latents()),
                Numbers.maxAbsDiff(goldenEos, run.eos()),
                Numbers.maxAbsDiff(f.tensors().floats(key + ".audio"), run.audio()));
        if (c.has("chunk_eos_step")) {
            assertThat(eosSteps(run, c, threshold)).as("the frame whose EOS counted, per chunk")
                    .isEqualTo(c.get("chunk_eos_step").valueStream().map(n -> n.isNull() ? -1 : n.asInt()).toList());
        }
        if (f.tensors().contains(key + ".chunk_heads_before_fade")) {
            assertFadedHeads(f, c, run);
        }
    }

    /** Per chunk, the first frame at or after 6 whose EOS logit is above the threshold (-1: none). */
    private static List<Integer> eosSteps(RecordedRun run, JsonNode c, float threshold) {
        List<Integer> steps = new java.util.ArrayList<>();
        int first = 0;
        for (int frames : run.chunkFrames()) {
            int step = -1;
            for (int i = Behaviour.V3_3.eosMinimumFrames(); i < frames && step < 0; i++) {
                if (run.eos()[first + i] > threshold) {
                    step = i;
                }
            }
            steps.add(step);
            first += frames;
        }
        return steps;
    }

    /** Each chunk starts with the golden pre-fade samples times the fade-in gains. */
    private static void assertFadedHeads(PackGoldens.Fixture f, JsonNode c, RecordedRun run) {
        String key = c.get("key").asText();
        float[] heads = f.tensors().floats(key + ".chunk_heads_before_fade");
        float[] gains = f.tensors().floats("fade_in", 120);
        int start = 0;
        List<Integer> chunkSamples = PackGoldens.ints(c.get("text_chunk_samples"));
        for (int k = 0; k < chunkSamples.size(); k++) {
            float[] expected = new float[120];
            float[] actual = new float[120];
            for (int i = 0; i < 120; i++) {
                expected[i] = heads[k * 120 + i] * gains[i];
                actual[i] = run.audio()[start + i];
            }
            Numbers.assertClose(key + " chunk " + k + " faded head", expected, actual, f.tolerance);
            start += chunkSamples.get(k);
        }
        assertThat(start).as("samples of all chunks").isEqualTo(run.audio().length);
    }
}
