package org.pockettts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.ModelFormatException;
import org.pockettts.testing.Fixtures;

class ModelConfigTest {

    @TempDir
    Path dir;

    @Test
    void builtInVariantHasTheRealSizes() {
        ModelConfig c = ModelConfig.builtin("b6369a24");
        assertThat(c.flowLm().transformer().dModel()).isEqualTo(1024);
        assertThat(c.flowLm().transformer().numHeads()).isEqualTo(16);
        assertThat(c.flowLm().transformer().numLayers()).isEqualTo(6);
        assertThat(c.flowLm().flow()).isEqualTo(new ModelConfig.Flow(512, 6, SamplerType.LSD));
        assertThat(c.flowLm().lookupTable().nBins()).isEqualTo(4000);
        assertThat(c.latentDim()).isEqualTo(32);
        assertThat(c.mimi().frameSize()).isEqualTo(1920);
        assertThat(c.mimiStepsPerFrame()).isEqualTo(16);
        assertThat(c.mimi().seanet().ratios()).containsExactly(6, 5, 4);
        assertThat(c.mimi().transformer().context()).isEqualTo(250);
        assertThat(c.weightsPath()).isEqualTo(
                "hf://kyutai/pocket-tts/tts_b6369a24.safetensors@427e3d61b276ed69fdd03de0d185fa8a8d97fc5b");
        assertThat(c.weightsPathWithoutVoiceCloning()).startsWith("hf://kyutai/pocket-tts-without-voice-cloning/");
        assertThat(c.baseDir()).isNull();
    }

    @Test
    void tinyFixtureLoadsWithItsFolderAsBase() {
        ModelConfig c = ModelConfig.load(Fixtures.tiny("tiny.yaml"));
        assertThat(c.baseDir()).isEqualTo(Fixtures.tiny().toAbsolutePath());
        assertThat(c.weightsPath()).isEqualTo("tiny.safetensors");
        assertThat(c.flowLm().lookupTable().tokenizerPath()).isEqualTo("tokenizer.model");
        assertThat(c.mimi().transformer().maxPeriod()).isEqualTo(10000.0);
        assertThat(c.mimiInnerDim()).isEqualTo(32);
    }

    @Test
    void unknownKeyIsRejectedWithItsPath() throws IOException {
        String yaml = Files.readString(Fixtures.tiny("tiny.yaml")).replace("  quantizer:\n", "  quantizer:\n    colour: red\n");
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> ModelConfig.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("unknown key 'mimi.quantizer.colour'");
    }

    @Test
    void missingAndMistypedKeysAreNamed() throws IOException {
        String base = Files.readString(Fixtures.tiny("tiny.yaml"));
        Path missing = dir.resolve("missing.yaml");
        Files.writeString(missing, base.replace("    depth: 2\n", ""));
        assertThatThrownBy(() -> ModelConfig.load(missing)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("missing key 'flow_lm.flow.depth'");
        Path mistyped = dir.resolve("mistyped.yaml");
        Files.writeString(mistyped, base.replace("num_heads: 4\n    num_layers: 2", "num_heads: four\n    num_layers: 2"));
        assertThatThrownBy(() -> ModelConfig.load(mistyped)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'flow_lm.transformer.num_heads' must be an integer");
    }

    @Test
    void brokenYamlAndMissingFileAreClearErrors() throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "flow_lm: [unclosed\n");
        assertThatThrownBy(() -> ModelConfig.load(broken)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ModelConfig.load(dir.resolve("none.yaml"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> ModelConfig.builtin("nope")).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("Unknown model variant 'nope'").hasMessageContaining("b6369a24");
    }
}
