package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.PackGoldens.Fixture;
import org.pockettts.nn.Gelu;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.safetensors.SafeTensorsWriter;
import org.pockettts.testing.Numbers;
import org.pockettts.text.TextRules;

/**
 * Each generation-level switch of behaviour 3.3 matters: with the preset, a golden case of
 * {@code tiny-v3} comes out as the reference's; with that one switch turned off, it does not. (The
 * text switches are shown so by {@code TextSwitchesTest}, the samplers by {@code SamplerTest}.)
 */
class BehaviourSwitchesTest {

    @TempDir
    Path dir;

    /** Whether a run equals the golden case: frame count, EOS decisions, latents, EOS logits and audio in tolerance. */
    private static boolean matchesGolden(Fixture f, JsonNode c, RecordedRun run) {
        String key = c.get("key").asText();
        float[] eos = f.tensors().floats(key + ".eos_logits");
        float threshold = (float) c.get("eos_threshold").asDouble();
        if (run.eos().length != eos.length) {
            return false;
        }
        for (int i = 0; i < eos.length; i++) {
            if (run.eos()[i] > threshold != eos[i] > threshold) {
                return false;
            }
        }
        float[] audio = f.tensors().floats(key + ".audio");
        return run.audio().length == audio.length
                && Numbers.maxAbsDiff(eos, run.eos()) <= f.eosTolerance
                && Numbers.maxAbsDiff(f.tensors().floats(key + ".latents"), run.latents()) <= f.tolerance
                && Numbers.maxAbsDiff(audio, run.audio()) <= f.tolerance;
    }

    /** Runs a 3.3 case with the preset switches changed by {@code off}; whether it still matches. */
    private static boolean matchesWith(String key, UnaryOperator<Behaviour> off) {
        JsonNode c = Fixture.V3.testCase(key);
        try (TtsModel model = PackGoldens.load(Fixture.V3, c, off.apply(Behaviour.V3_3))) {
            return matchesGolden(Fixture.V3, c, PackGoldens.run(model, PackGoldens.voice(model, Fixture.V3, c), c));
        }
    }

    private static void dependsOn(String key, UnaryOperator<Behaviour> off) {
        assertThat(matchesWith(key, UnaryOperator.identity())).as("%s with the 3.3 preset", key).isTrue();
        assertThat(matchesWith(key, off)).as("%s with the switch off", key).isFalse();
    }

    @Test
    void tanhGelu() {
        dependsOn("gen0", b -> b.withGelu(Gelu.ERF));
    }

    @Test
    void eosIgnoredOnTheFirstSixFrames() {
        dependsOn("gen1", b -> b.withEosMinimumFrames(0));
    }

    @Test
    void fadeInOfEachChunk() {
        dependsOn("gen3", b -> b.withChunkFadeIn(false));
    }

    @Test
    void voicePromptEndsOnPause() {
        dependsOn("gen0", b -> b.withVoicePromptEndsOnPause(false));
    }

    @Test
    void chunksArePreparedAgainBeforeTheModelReadsThem() {
        dependsOn("gen3", b -> b.withTextRules(options -> {
            TextRules r = TextRules.v3_3(options);
            return new TextRules(r.padWithSpacesForShortInputs(), r.removeSemicolons(), r.replaceCharacters(),
                    r.capitalizeFirstLetter(), r.terminalPunctuation(), r.keepDecimalPointsTogether(),
                    r.splitLongSentencesAtCommas(), false, r.generationLength());
        }));
    }

    /**
     * Without a temperature, 3.3 takes the configuration's {@code default_temperature}: what
     * {@code load_model(temp=None)} gives for {@code tiny.yaml} (0.5) makes the same audio as giving
     * it; with the switch off the model's 0.7 does not.
     */
    @Test
    void defaultTemperatureFromTheConfiguration() {
        JsonNode c = Fixture.V3.testCase("gen0");
        float configured = (float) Fixture.V3.golden().get("configs").get("tiny.yaml").get("load_model_temp_none_gives")
                .asDouble();
        GenerationOptions seeded = GenerationOptions.defaults().withSeed(7L).withEosThreshold(1e9f);
        for (boolean on : new boolean[] {true, false}) {
            try (TtsModel model = PackGoldens.load(Fixture.V3, c, Behaviour.V3_3.withDefaultTemperatureFromConfig(on))) {
                Voice voice = PackGoldens.voice(model, Fixture.V3, c);
                float[] unset = model.generate(voice, "Hello world.", seeded);
                float[] given = model.generate(voice, "Hello world.", seeded.withTemperature(configured));
                assertThat(java.util.Arrays.equals(unset, given)).as("switch %s", on ? "on" : "off").isEqualTo(on);
            }
        }
    }

    /**
     * A model state whose {@code pad} marks leading junk positions: the real positions follow them
     * with their keys rotated to their new places, so with the padding honoured the speech is that of
     * the unpadded state ({@code gen2}); ignored, the junk is attended to.
     */
    @Test
    void paddingInModelStatesIsNeverAttendedTo() throws IOException {
        Path padded = paddedState(5);
        JsonNode c = Fixture.V3.testCase("gen2");
        for (boolean on : new boolean[] {true, false}) {
            try (TtsModel model = PackGoldens.load(Fixture.V3, c, Behaviour.V3_3.withModelStatePadding(on))) {
                Voice voice = model.voice(padded);
                assertThat(voice.positions()).isEqualTo(39);
                assertThat(matchesGolden(Fixture.V3, c, PackGoldens.run(model, voice, c))).as("padding %s", on)
                        .isEqualTo(on);
            }
        }
    }

    /** The fixture's state with {@code pad} junk positions in front, keys rotated by {@code pad} positions. */
    private Path paddedState(int pad) throws IOException {
        int heads = 4;
        int headDim = 16;
        int row = heads * headDim;
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        SplittableRandom junk = new SplittableRandom(3);
        try (SafeTensors st = SafeTensors.open(Fixture.V3.file("voice_state.safetensors"))) {
            for (String name : st.names()) {
                if (!name.endsWith("/cache")) {
                    continue;
                }
                float[] cache = st.floats(name);
                int positions = cache.length / (2 * row);
                int total = positions + pad;
                float[] out = new float[2 * total * row];
                for (int kv = 0; kv < 2; kv++) {
                    for (int p = 0; p < pad; p++) {
                        for (int i = 0; i < row; i++) {
                            out[(kv * total + p) * row + i] = (float) (10 * junk.nextGaussian());
                        }
                    }
                    System.arraycopy(cache, kv * positions * row, out, (kv * total + pad) * row, positions * row);
                }
                rotateKeys(out, pad, total, heads, headDim);
                String module = name.substring(0, name.indexOf('/'));
                floats.put(name, new FloatTensor(new long[] {2, 1, total, heads, headDim}, out));
                longs.put(module + "/offset", new long[] {total});
                longs.put(module + "/pad", new long[] {pad});
            }
        }
        Path file = dir.resolve("padded.safetensors");
        SafeTensorsWriter.writeState(file, floats, longs);
        return file;
    }

    /** Rotates the keys of positions from {@code pad} on by {@code pad} more positions of the rotary embedding. */
    private static void rotateKeys(float[] cache, int pad, int total, int heads, int headDim) {
        for (int p = pad; p < total; p++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < headDim / 2; i++) {
                    double angle = pad * Math.pow(10000, -2.0 * i / headDim);
                    int j = (p * heads + h) * headDim + 2 * i;
                    double re = cache[j];
                    double im = cache[j + 1];
                    cache[j] = (float) (re * Math.cos(angle) - im * Math.sin(angle));
                    cache[j + 1] = (float) (re * Math.sin(angle) + im * Math.cos(angle));
                }
            }
        }
    }
}
