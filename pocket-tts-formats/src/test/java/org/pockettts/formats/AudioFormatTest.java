package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioFormatTest {

    @ParameterizedTest
    @CsvSource({
        "wav, WAV, audio/wav",
        "pcm, PCM, audio/pcm",
        "mp3, MP3, audio/mpeg",
        "opus, OPUS, audio/ogg",
        "flac, FLAC, audio/flac",
        "MP3, MP3, audio/mpeg",
        "' Opus ', OPUS, audio/ogg"})
    void namesGiveFormatsAndContentTypes(String name, AudioFormat format, String contentType) {
        assertThat(AudioFormat.fromName(name)).isEqualTo(format);
        assertThat(format.contentType()).isEqualTo(contentType);
    }

    @Test
    void namesAreListedInOrder() {
        assertThat(AudioFormat.names()).containsExactly("wav", "pcm", "mp3", "opus", "flac");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aac", "ogg", "", "wave", "mp4"})
    void otherNamesAreRefusedListingTheSupportedOnes(String name) {
        assertThatThrownBy(() -> AudioFormat.fromName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unsupported audio format '" + name + "': the supported formats are wav, pcm, mp3, opus, flac");
    }

    @ParameterizedTest
    @CsvSource({
        "out.wav, WAV", "out.mp3, MP3", "out.opus, OPUS", "out.ogg, OPUS", "out.flac, FLAC", "out.pcm, PCM",
        "/tmp/a.b/Speech.MP3, MP3", "x.tar.flac, FLAC"})
    void fileNamesGiveFormats(String file, AudioFormat format) {
        assertThat(AudioFormat.fromFileName(Path.of(file))).isEqualTo(format);
        assertThat(format.extensions()).contains(file.substring(file.lastIndexOf('.') + 1).toLowerCase());
    }

    @Test
    void unknownOrMissingExtensionsAreRefusedListingTheSupportedOnes() {
        assertThatThrownBy(() -> AudioFormat.fromFileName(Path.of("speech.aac")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot tell the audio format of 'speech.aac': the name ends in .aac;"
                        + " use one of .wav .pcm .mp3 .opus .ogg .flac or name the format");
        assertThatThrownBy(() -> AudioFormat.fromFileName(Path.of("dir.wav/speech")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'speech': the name has no extension");
    }

    @Test
    void theFirstExtensionIsTheFormatName() {
        for (AudioFormat f : AudioFormat.values()) {
            assertThat(f.extensions().getFirst()).isEqualTo(f.formatName());
        }
    }
}
