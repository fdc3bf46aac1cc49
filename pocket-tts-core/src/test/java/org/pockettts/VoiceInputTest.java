package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.InvalidInputException;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensorsWriter;
import org.pockettts.testing.Fixtures;

/**
 * Voices read from bytes ({@link TtsModel#readVoice}) and made later ({@link TtsModel#voice(VoiceInput)})
 * are the voices that the same files give through {@link TtsModel#voice(Path)}, whose goldens are
 * checked elsewhere; bad bytes are refused when read, before anything is encoded or prompted.
 */
class VoiceInputTest {

    private static final GenerationOptions DETERMINISTIC = GenerationOptions.defaults().withTemperature(0f)
            .withEosThreshold(-5.9f);

    @TempDir
    Path dir;

    @Test
    void aRecordingReadFromBytesIsTheVoiceOfItsFile() throws IOException {
        TtsModel model = Fixtures.tinyModel();
        VoiceInput input = model.readVoice(Files.readAllBytes(Fixtures.tiny("voice.wav")), "speaker.wav", 30);
        assertThat(input.isReady()).isFalse();
        assertThat(input.description()).isEqualTo("speaker.wav");
        Voice voice = model.voice(input);
        assertThat(voice.conditioning()).containsExactly(Fixtures.tinyVoice().conditioning());
        assertThat(voice.description()).isEqualTo("speaker.wav");
    }

    @Test
    void aRecordingIsCutAtMaxSeconds() throws IOException {
        TtsModel model = Fixtures.tinyModel();
        byte[] wav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        Voice cut = model.voice(model.readVoice(wav, "cut.wav", 1.0));
        assertThat(cut.conditioning()).containsExactly(model.voice(Fixtures.tiny("voice.wav"), 1.0).conditioning());
        assertThat(cut.frames()).isLessThan(Fixtures.tinyVoice().frames());
    }

    @Test
    void anEmbeddingReadFromBytesSpeaksAsTheVoiceItWasSavedFrom() throws IOException {
        TtsModel model = Fixtures.tinyModel();
        Voice voice = Fixtures.tinyVoice();
        Path file = dir.resolve("voice.safetensors");
        voice.save(file);
        VoiceInput input = model.readVoice(Files.readAllBytes(file), "voice.safetensors", 30);
        assertThat(input.isReady()).isFalse();
        Voice read = model.voice(input);
        assertThat(read.conditioning()).containsExactly(voice.conditioning());
        assertThat(model.generate(read, "Hello world.", DETERMINISTIC))
                .containsExactly(model.generate(voice, "Hello world.", DETERMINISTIC));
    }

    @Test
    void aModelStateReadFromBytesIsReadyAndSpeaksAsItsFile() throws IOException {
        PackGoldens.Fixture f = PackGoldens.Fixture.V3;
        JsonNode c = f.testCase("gen2");
        TtsModel model = PackGoldens.model(f, c);
        VoiceInput input = model.readVoice(Files.readAllBytes(f.file("voice_state.safetensors")), "state", 30);
        assertThat(input.isReady()).isTrue();
        Voice voice = model.voice(input);
        assertThat(voice.hasConditioning()).isFalse();
        assertThat(PackGoldens.run(model, voice, c).latents())
                .containsExactly(PackGoldens.run(model, PackGoldens.voice(f, c), c).latents());
    }

    @Test
    void badBytesAreRefusedWhenReadNamingTheVoice() throws IOException {
        TtsModel model = Fixtures.tinyModel();
        assertThatThrownBy(() -> model.readVoice("this is not audio".getBytes(), "notes.wav", 30))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("notes.wav")
                .hasMessageContaining("not a WAV file");
        Map<String, FloatTensor> many = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            many.put("weight" + i, new FloatTensor(new long[] {1}, new float[1]));
        }
        Path other = dir.resolve("other.safetensors");
        SafeTensorsWriter.write(other, many, Map.of());
        assertThatThrownBy(() -> model.readVoice(Files.readAllBytes(other), "other.safetensors", 30))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("other.safetensors holds no 'audio_prompt' tensor and is no model state")
                .hasMessageContaining("and 3 more)");
        Path wide = dir.resolve("wide.safetensors");
        SafeTensorsWriter.write(wide, Map.of("audio_prompt", new FloatTensor(new long[] {1, 3, 65}, new float[195])),
                Map.of());
        assertThatThrownBy(() -> model.readVoice(Files.readAllBytes(wide), "wide.safetensors", 30))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("[1, frames, 64]");
        // An embedding too long for the context is refused when read, not when prompted.
        Path longest = dir.resolve("long.safetensors");
        SafeTensorsWriter.write(longest, Map.of("audio_prompt",
                new FloatTensor(new long[] {1, 901, 64}, new float[901 * 64])), Map.of());
        assertThatThrownBy(() -> model.readVoice(Files.readAllBytes(longest), "long.safetensors", 30))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too long: 901 frames");
    }

    @Test
    void aVoiceReadByAnotherModelIsRefused() throws IOException {
        PackGoldens.Fixture f = PackGoldens.Fixture.V3;
        TtsModel other = PackGoldens.model(f, f.testCase("gen2"));
        VoiceInput input = other.readVoice(Files.readAllBytes(f.file("voice_state.safetensors")), "state", 30);
        assertThatThrownBy(() -> Fixtures.tinyModel().voice(input)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("read by another model");
    }

    @Test
    void voiceFilesAreToldFromRecordingsByTheirHeader() throws IOException {
        Path file = dir.resolve("voice.safetensors");
        Fixtures.tinyVoice().save(file);
        assertThat(VoiceInput.isVoiceFile(Files.readAllBytes(file))).isTrue();
        assertThat(VoiceInput.isVoiceFile(Files.readAllBytes(Fixtures.tiny("voice.wav")))).isFalse();
        assertThat(VoiceInput.isVoiceFile("{}".getBytes())).isFalse();
        // A header length beyond the bytes there are: not a safetensors file.
        byte[] claimsMore = {(byte) 0xFF, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
        assertThat(VoiceInput.isVoiceFile(claimsMore)).isFalse();
        byte[] smallest = {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'};
        assertThat(VoiceInput.isVoiceFile(smallest)).isTrue();
    }
}
