package org.pockettts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.TtsModel;
import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.testing.Fixtures;

/** The 2.x and 3.3 keys of the configuration schema, configurations read from URLs, and the errors of bad packs. */
class PackConfigTest {

    @TempDir
    Path dir;

    @Test
    void theOptionsOfThe33FixturesAreRead() {
        ModelConfig tiny = ModelConfig.load(Fixtures.tinyV3("tiny.yaml"));
        assertThat(tiny.options().defaultTemperature()).isEqualTo(0.5);
        assertThat(tiny.options().text().removeSemicolons()).isTrue();
        assertThat(tiny.options().text().replaceCharacters()).containsEntry("&", " and ").hasSize(15);
        assertThat(tiny.options().modelRecommendedFramesAfterEos()).isNull();
        assertThat(tiny.flowLm().insertBosBeforeVoice()).isTrue();
        assertThat(tiny.mimiInnerDim()).isEqualTo(16);
        assertThat(tiny.mimiOuterDim()).isEqualTo(32);
        assertThat(tiny.catalog().compat()).isEqualTo(Compat.V3_3);
        ModelConfig opts = ModelConfig.load(Fixtures.tinyV3("tiny_opts.yaml"));
        assertThat(opts.options().defaultTemperature()).isEqualTo(ModelConfig.DEFAULT_TEMPERATURE);
        assertThat(opts.options().modelRecommendedFramesAfterEos()).isEqualTo(4);
        assertThat(opts.options().text()).isEqualTo(new TextOptions(true, false, false, false, Map.of()));
        assertThat(ModelConfig.load(Fixtures.tinyV3("tiny_drifting.yaml")).flowLm().flow().type())
                .isEqualTo(SamplerType.DRIFTING);
        assertThat(ModelConfig.builtin("b6369a24").catalog().compat()).isEqualTo(Compat.V1_0);
    }

    private Path variant(String name, String from, String to) throws IOException {
        String yaml = Files.readString(Fixtures.tinyV3("tiny.yaml"));
        assertThat(yaml).contains(from);
        Path file = dir.resolve(name);
        Files.writeString(file, yaml.replace(from, to));
        for (String f : List.of("tiny.safetensors", "tokenizer.model")) {
            if (!Files.exists(dir.resolve(f))) {
                Files.copy(Fixtures.tinyV3(f), dir.resolve(f));
            }
        }
        return file;
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheFileAndTheKey() throws IOException {
        Path file = variant("unknown.yaml", "remove_semicolons: true", "remove_semicolons: true\nremove_commas: true");
        assertThatThrownBy(() -> ModelConfig.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown.yaml").hasMessageContaining("unknown key 'remove_commas'");
        Path flow = variant("flow.yaml", "    dim: 32\n  transformer", "    dim: 32\n    type: diffusion\n  transformer");
        assertThatThrownBy(() -> ModelConfig.load(flow)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("flow.yaml").hasMessageContaining("'flow_lm.flow.type' must be lsd, flow_matching or drifting");
        Path replace = variant("replace.yaml", "  \"&\": \" and \"", "  \"&&\": \" and \"");
        assertThatThrownBy(() -> ModelConfig.load(replace)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("replace.yaml").hasMessageContaining("each key must be exactly one character");
    }

    @Test
    void aConfigurationWhoseTensorsDoNotMatchItsShapesNamesTheTensorAndTheFile() throws IOException {
        Path file = variant("inner.yaml", "inner_dim: 16", "inner_dim: 24");
        assertThatThrownBy(() -> TtsModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tiny.safetensors").hasMessageContaining("has shape [64, 16], expected [64, 24]");
        Path bos = variant("bos.yaml", "  insert_bos_before_voice: true", "  insert_bos_before_voice: false");
        // Without the token the tensor is left over, which is reported but not fatal; the speech differs.
        try (TtsModel model = TtsModel.load(bos)) {
            assertThat(model.voice(Fixtures.tinyV3("voice.wav")).positions()).isEqualTo(33);
        }
    }

    /** A training checkpoint calls the learned token {@code fuser.padding_value}; the model is the same. */
    @Test
    void theTrainingCheckpointsSpellingOfTheLearnedTokenIsRead() {
        String packName = "flow_lm.bos_before_voice";
        String trainingName = "flow_lm.fuser.padding_value";
        try (org.pockettts.safetensors.SafeTensors st = org.pockettts.safetensors.SafeTensors.open(
                Fixtures.tinyV3("tiny.safetensors"))) {
            org.pockettts.api.TensorSource renamed = new org.pockettts.api.TensorSource() {
                private String original(String name) {
                    return name.equals(trainingName) ? packName : name;
                }

                @Override
                public String source() {
                    return "training checkpoint";
                }

                @Override
                public boolean contains(String name) {
                    return !name.equals(packName) && st.contains(original(name));
                }

                @Override
                public java.util.Set<String> names() {
                    java.util.Set<String> names = new java.util.TreeSet<>(st.names());
                    names.remove(packName);
                    names.add(trainingName);
                    return names;
                }

                @Override
                public float[] floats(String name, long... shape) {
                    if (name.equals(packName)) {
                        throw new ModelFormatException("no " + packName + " in a training checkpoint");
                    }
                    return st.floats(original(name), shape);
                }
            };
            ModelConfig config = ModelConfig.load(Fixtures.tinyV3("tiny.yaml"));
            try (TtsModel pack = TtsModel.builder(config).load();
                 TtsModel training = TtsModel.builder(config).weights(renamed).load()) {
                Path wav = Fixtures.tinyV3("voice.wav");
                org.pockettts.GenerationOptions options = org.pockettts.GenerationOptions.defaults().withTemperature(0f)
                        .withEosThreshold(1e9f);
                org.pockettts.testing.Numbers.assertClose("same speech", pack.generate(pack.voice(wav), "Hi.", options),
                        training.generate(training.voice(wav), "Hi.", options), 1e-5);
            }
        }
    }

    @Test
    void anUnsupportedTokenizerKindIsAnErrorNamingTheConfiguration() throws IOException {
        Path file = variant("bpe.yaml", "tokenizer: sentencepiece", "tokenizer: bpe");
        assertThatThrownBy(() -> TtsModel.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bpe.yaml").hasMessageContaining("Unknown tokenizer kind \"bpe\"");
    }

    @Test
    void relativeLocationsInARemoteConfigurationAreRelativeToIt() throws IOException {
        String yaml = Files.readString(Fixtures.tinyV3("tiny.yaml"));
        Path local = dir.resolve("remote.yaml");
        Files.writeString(local, yaml.replace("tokenizer_path: tokenizer.model", "tokenizer_path: ../tok/tokenizer.model"));
        List<String> asked = new ArrayList<>();
        ModelFiles files = (location, base) -> {
            asked.add(location);
            return local;
        };
        ModelConfig hf = ModelConfig.load("hf://someone/pack/models/v1/remote.yaml@0123456789abcdef0123456789abcdef01234567", files);
        assertThat(asked).containsExactly("hf://someone/pack/models/v1/remote.yaml@0123456789abcdef0123456789abcdef01234567");
        assertThat(hf.weightsPath()).isEqualTo("hf://someone/pack/models/v1/tiny.safetensors@0123456789abcdef0123456789abcdef01234567");
        assertThat(hf.flowLm().lookupTable().tokenizerPath())
                .isEqualTo("hf://someone/pack/models/tok/tokenizer.model@0123456789abcdef0123456789abcdef01234567");
        assertThat(hf.source()).startsWith("hf://someone/pack/");
        ModelConfig https = ModelConfig.load("https://example.org/packs/v1/remote.yaml", files);
        assertThat(https.weightsPath()).isEqualTo("https://example.org/packs/v1/tiny.safetensors");
        assertThat(https.flowLm().lookupTable().tokenizerPath()).isEqualTo("https://example.org/packs/tok/tokenizer.model");

        Files.writeString(local, yaml.replace("weights_path: tiny.safetensors", "weights_path: ../../../x.safetensors"));
        assertThatThrownBy(() -> ModelConfig.load("hf://someone/pack/remote.yaml@main", files))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("points outside the repository someone/pack");
        assertThatThrownBy(() -> ModelConfig.load("hf://someone/pack/none.yaml", (l, b) -> {
            throw new java.nio.file.NoSuchFileException("none.yaml");
        })).isInstanceOf(ModelFormatException.class).hasMessageContaining("Cannot get the model configuration hf://someone/pack/none.yaml");
    }
}
