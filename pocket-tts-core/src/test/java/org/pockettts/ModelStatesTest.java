package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.InvalidInputException;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.safetensors.SafeTensorsWriter;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;

/** Voices as model states: written as the references export them, read in every spelling, refused on another model. */
class ModelStatesTest {

    @TempDir
    Path dir;

    /** Our export of {@code voice.wav}'s voice holds the tensors of the reference's file, with its values. */
    @Test
    void exportingTheClonedVoiceGivesTheReferencesStateFile() throws IOException {
        for (PackGoldens.Fixture f : PackGoldens.Fixture.values()) {
            JsonNode c = f.testCase("gen1");
            Path out = dir.resolve(f.folder + ".safetensors");
            PackGoldens.voice(f, c).save(out);
            try (SafeTensors ours = SafeTensors.open(out); SafeTensors theirs = SafeTensors.open(f.file("voice_state.safetensors"))) {
                assertThat(ours.names()).as(f.folder).containsExactlyInAnyOrderElementsOf(theirs.names());
                for (String name : theirs.names()) {
                    assertThat(ours.info(name).dtype()).as(name).isEqualTo(theirs.info(name).dtype());
                    assertThat(ours.info(name).shape()).as(name).isEqualTo(theirs.info(name).shape());
                    if (name.endsWith("/cache")) {
                        Numbers.assertClose(f.folder + " " + name, theirs.floats(name), ours.floats(name), f.tolerance);
                    } else {
                        assertThat(ours.longs(name)).as(name).isEqualTo(theirs.longs(name));
                    }
                }
                assertThat(ours.metadata()).isEmpty();
            }
        }
    }

    @Test
    void underBehaviour10TheVoiceFileIsTheAudioPrompt() throws IOException {
        Path out = dir.resolve("prompt.safetensors");
        Fixtures.tinyVoice().save(out);
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.names()).containsExactly("audio_prompt");
            assertThat(st.info("audio_prompt").shape()).containsExactly(1, 37, 64);
        }
    }

    @Test
    void theOlderCurrentEndSpellingGivesTheSameVoice() throws IOException {
        PackGoldens.Fixture f = PackGoldens.Fixture.V2;
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        try (SafeTensors st = SafeTensors.open(f.file("voice_state.safetensors"))) {
            for (String name : st.names()) {
                if (name.endsWith("/cache")) {
                    floats.put(name, st.tensor(name));
                } else {
                    // current_end's length, not its values, is the offset.
                    longs.put(name.replace("/offset", "/current_end"), new long[(int) st.longs(name)[0]]);
                }
            }
        }
        Path old = dir.resolve("old.safetensors");
        SafeTensorsWriter.writeState(old, floats, longs);
        JsonNode c = f.testCase("gen2");
        TtsModel model = PackGoldens.model(f, c);
        Voice voice = model.voice(old);
        assertThat(voice.positions()).isEqualTo(38);
        assertThat(PackGoldens.run(model, voice, c).latents())
                .isEqualTo(PackGoldens.run(model, PackGoldens.voice(f, c), c).latents());
    }

    private Path state(int layers, int positions, int heads, int headDim) throws IOException {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        for (int i = 0; i < layers; i++) {
            floats.put("transformer.layers." + i + ".self_attn/cache", new FloatTensor(
                    new long[] {2, 1, positions, heads, headDim}, new float[2 * positions * heads * headDim]));
            longs.put("transformer.layers." + i + ".self_attn/offset", new long[] {positions});
        }
        Path file = dir.resolve("state-" + layers + "-" + heads + "-" + headDim + ".safetensors");
        SafeTensorsWriter.writeState(file, floats, longs);
        return file;
    }

    @Test
    void aStateOfAnotherModelIsRefusedNamingTheFileAndTheShapes() throws IOException {
        TtsModel model = PackGoldens.model(PackGoldens.Fixture.V3, PackGoldens.Fixture.V3.testCase("gen2"));
        Path wide = state(2, 10, 8, 8);
        assertThatThrownBy(() -> model.voice(wide)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(wide.getFileName().toString())
                .hasMessageContaining("has shape [2, 1, 10, 8, 8]")
                .hasMessageContaining("this model needs [2, 1, positions, 4, 16]");
        Path deep = state(3, 10, 4, 16);
        assertThatThrownBy(() -> model.voice(deep)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(deep.getFileName().toString())
                .hasMessageContaining("layers [0, 1, 2] but this model has 2 layers");
        Path embedding = dir.resolve("embedding.safetensors");
        SafeTensorsWriter.write(embedding, Map.of("audio_prompt", new FloatTensor(new long[] {1, 5, 32}, new float[160])),
                Map.of());
        assertThatThrownBy(() -> model.voice(embedding)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has shape [1, 5, 32] but this model needs [1, frames, 64]");
        Path neither = dir.resolve("neither.safetensors");
        SafeTensorsWriter.write(neither, Map.of("weights", new FloatTensor(new long[] {2}, new float[2])), Map.of());
        assertThatThrownBy(() -> model.voice(neither)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("it is not a voice file");
    }
}
