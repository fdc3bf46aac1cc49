package org.pockettts;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.provider.Arguments;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;

/**
 * The generation cases of the pocket-tts 2.1.0 and 3.3 fixtures ({@code tiny-v2}, {@code tiny-v3}):
 * their models, voices and options, and a run of one case that records what the reference's goldens
 * hold (latents, EOS logits, frames per chunk, the audio).
 */
final class PackGoldens {

    /** One fixture: its folder, goldens and the behaviour that made them. */
    enum Fixture {
        V2("tiny-v2", Compat.V2_1, 1e-4, 1e-4),
        V3("tiny-v3", Compat.V3_3, 1e-5, 2e-4);

        final String folder;
        final Compat compat;
        /** The README's tolerance on latents and audio. */
        final double tolerance;
        /** The README's tolerance on EOS logits. */
        final double eosTolerance;

        Fixture(String folder, Compat compat, double tolerance, double eosTolerance) {
            this.folder = folder;
            this.compat = compat;
            this.tolerance = tolerance;
            this.eosTolerance = eosTolerance;
        }

        Path file(String name) {
            return this == V2 ? Fixtures.tinyV2(name) : Fixtures.tinyV3(name);
        }

        JsonNode golden() {
            return this == V2 ? Fixtures.goldenV2() : Fixtures.goldenV3();
        }

        SafeTensors tensors() {
            return this == V2 ? Fixtures.goldenTensorsV2() : Fixtures.goldenTensorsV3();
        }

        JsonNode testCase(String key) {
            for (JsonNode c : golden().get("cases")) {
                if (c.get("key").asText().equals(key)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("no case " + key + " in " + folder);
        }
    }

    private static final Map<String, TtsModel> MODELS = new HashMap<>();
    private static final Map<String, Voice> VOICES = new HashMap<>();

    private PackGoldens() {
    }

    /** Every generation case of both fixtures, named {@code tiny-v3 gen1}. */
    static Stream<Arguments> cases() {
        return Stream.of(Fixture.values()).flatMap(f -> StreamSupport.stream(f.golden().get("cases").spliterator(), false)
                .map(c -> Arguments.of(f.folder + " " + c.get("key").asText(), f, c)));
    }

    /** The fixture's model for a case's configuration under the fixture's behaviour, loaded once. */
    static synchronized TtsModel model(Fixture f, JsonNode c) {
        return MODELS.computeIfAbsent(f.folder + "/" + c.get("config").asText(),
                k -> load(f, c, Behaviour.of(f.compat)));
    }

    /** A model for a case's configuration with the given switches, not cached. */
    static TtsModel load(Fixture f, JsonNode c, Behaviour behaviour) {
        return TtsModel.builder(ModelConfig.load(f.file(c.get("config").asText()))).compat(f.compat)
                .behaviour(behaviour).load();
    }

    /** The case's voice on its cached model, prompted once. */
    static synchronized Voice voice(Fixture f, JsonNode c) {
        TtsModel model = model(f, c);
        return VOICES.computeIfAbsent(f.folder + "/" + c.get("config").asText() + "/" + c.get("voice").asText(),
                k -> voice(model, f, c));
    }

    /** The case's voice on {@code model}: {@code voice.wav} cloned, or the model-state file. */
    static Voice voice(TtsModel model, Fixture f, JsonNode c) {
        String voice = c.get("voice").asText();
        return model.voice(f.file(voice.equals("wav") ? "voice.wav" : voice));
    }

    /** The options of a case: its temperature, steps, EOS threshold, chunk size and frames after EOS. */
    static GenerationOptions options(JsonNode c) {
        JsonNode steps = c.has("sampler_decode_steps") ? c.get("sampler_decode_steps") : c.get("lsd_decode_steps");
        JsonNode after = c.get("frames_after_eos_argument");
        return GenerationOptions.defaults()
                .withTemperature((float) c.get("temperature").asDouble())
                .withLsdDecodeSteps(steps.asInt())
                .withEosThreshold((float) c.get("eos_threshold").asDouble())
                .withMaxTokensPerChunk(c.get("max_tokens").asInt())
                .withFramesAfterEos(after == null || after.isNull() ? null : after.asInt());
    }

    /** Runs one case on {@code model} with {@code voice}. */
    static RecordedRun run(TtsModel model, Voice voice, JsonNode c) {
        return RecordedRun.of(model, voice, c.get("text").asText(), options(c));
    }

    static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
