package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

/** Every generation case of the tiny fixture, compared number by number with the reference's outputs. */
class GenerationGoldenTest {

    private static TtsModel model;

    @BeforeAll
    static void load() {
        model = TtsModel.builder(ModelConfig.load(Fixtures.tiny("tiny.yaml"))).compat(Compat.V1_0).load();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Stream<Arguments> cases() {
        return StreamSupport.stream(Fixtures.golden().get("cases").spliterator(), false)
                .map(c -> Arguments.of(c.get("key").asText(), c));
    }

    private static Voice voiceOf(JsonNode c) {
        String voice = c.get("voice").asText();
        return model.voice(Fixtures.tiny(voice.equals("wav") ? "voice.wav" : voice));
    }

    private static GenerationOptions optionsOf(JsonNode c) {
        return GenerationOptions.defaults()
                .withTemperature((float) c.get("temperature").asDouble())
                .withLsdDecodeSteps(c.get("lsd_decode_steps").asInt())
                .withEosThreshold((float) c.get("eos_threshold").asDouble());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void textIsCutIntoTheReferencesChunks(String key, JsonNode c) {
        List<String> expected = new ArrayList<>();
        c.get("text_chunks").forEach(n -> expected.add(n.asText()));
        List<String> chunks = model.plan(c.get("text").asText(), optionsOf(c)).items().stream()
                .map(item -> ((SpeechPlan.Chunk) item).text()).toList();
        assertThat(chunks).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void latentsEosLogitsAndAudioMatchTheReference(String key, JsonNode c) {
        SafeTensors golden = Fixtures.goldenTensors();
        List<float[]> latents = new ArrayList<>();
        List<Float> eos = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        int[] lastChunk = {-1};
        Generation.Probe observer = (chunk, step, latent, eosLogit) -> {
            if (chunk != lastChunk[0]) {
                steps.add("text");
                lastChunk[0] = chunk;
            }
            steps.add("frame");
            latents.add(latent.clone());
            eos.add(eosLogit);
        };
        List<Integer> chunkSizes = new ArrayList<>();
        float[] audio;
        try (AudioStream stream = model.stream(voiceOf(c), c.get("text").asText(), optionsOf(c), observer)) {
            List<float[]> frames = new ArrayList<>();
            while (stream.hasNext()) {
                float[] f = stream.next();
                frames.add(f);
                chunkSizes.add(f.length);
            }
            audio = RecordedRun.concat(frames);
            assertThat(stream.stats().latents()).isEqualTo(c.get("frames").asInt());
        }

        List<String> expectedSteps = new ArrayList<>();
        c.get("steps").forEach(n -> expectedSteps.add(n.asText()));
        assertThat(steps).as("FlowLM calls").isEqualTo(expectedSteps);
        assertThat(latents).as("frames").hasSize(c.get("frames").asInt());
        List<Integer> expectedChunks = new ArrayList<>();
        c.get("chunk_samples").forEach(n -> expectedChunks.add(n.asInt()));
        assertThat(chunkSizes).as("streamed chunks").isEqualTo(expectedChunks);

        float[] flatLatents = RecordedRun.concat(latents);
        float[] eosArray = new float[eos.size()];
        for (int i = 0; i < eosArray.length; i++) {
            eosArray[i] = eos.get(i);
        }
        Numbers.assertClose(key + " eos logits", golden.floats(key + ".eos_logits"), eosArray, 1e-4);
        Numbers.assertClose(key + " latents", golden.floats(key + ".latents"), flatLatents, 1e-4);
        Numbers.assertClose(key + " audio", golden.floats(key + ".audio"), audio, 1e-4);
        System.out.printf("%s: max abs diff latents %.2e, eos logits %.2e, audio %.2e%n", key,
                Numbers.maxAbsDiff(golden.floats(key + ".latents"), flatLatents),
                Numbers.maxAbsDiff(golden.floats(key + ".eos_logits"), eosArray),
                Numbers.maxAbsDiff(golden.floats(key + ".audio"), audio));
        float threshold = (float) c.get("eos_threshold").asDouble();
        float[] goldenEos = golden.floats(key + ".eos_logits");
        for (int i = 0; i < goldenEos.length; i++) {
            assertThat(eosArray[i] > threshold).as("EOS decision at frame %d", i).isEqualTo(goldenEos[i] > threshold);
        }
    }
}
