package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pockettts.testing.Wav;

/** Files appear whole on finish() or not at all, and hold what a stream of the same format holds. */
class FileEncoderTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void theFileAppearsOnFinishAndDecodesAsTheStreamDoes(AudioFormat format) throws IOException {
        float[] audio = Signals.chirp(150, 4000, 1.1, 0.7);
        Path target = dir.resolve("speech." + format.extensions().getFirst());
        try (AudioEncoder encoder = format.newFileEncoder(target, Signals.RATE)) {
            assertThat(encoder.format()).isEqualTo(format);
            encoder.write(audio);
            assertThat(target).as("the target before finish()").doesNotExist();
            assertThat(files()).as("the temporary file").singleElement().asString().startsWith(".speech.").endsWith(".part");
            encoder.finish();
        }
        assertThat(files()).containsExactly(target.getFileName().toString());
        byte[] file = Files.readAllBytes(target);
        if (format == AudioFormat.WAV) {
            Samples.assertEqual(Wav.samples(file), Wav.referenceConversion(audio), "a WAV file with its true sizes");
        }
        Decoder.assumeFfmpeg();
        Samples.assertEqual(Decoder.decode(file, format), Decoder.decode(Encoding.encode(format, audio), format),
                "the file decoded, against the stream");
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void closingWithoutFinishingLeavesTheOldFileAndNothingElse(AudioFormat format) throws IOException {
        Path target = dir.resolve("speech." + format.extensions().getFirst());
        Files.writeString(target, "earlier");
        try (AudioEncoder encoder = format.newFileEncoder(target, Signals.RATE)) {
            encoder.write(Signals.tone(300, 0.5, 0.5));
        }
        assertThat(files()).containsExactly(target.getFileName().toString());
        assertThat(Files.readString(target)).isEqualTo("earlier");
    }

    @ParameterizedTest
    @EnumSource(names = {"MP3", "OPUS", "FLAC", "PCM"})
    void aFolderOrAMissingFolderIsRefusedByName(AudioFormat format) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("out." + format.formatName()));
        assertThatThrownBy(() -> format.newFileEncoder(folder, Signals.RATE))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write " + format.label() + " file " + folder + ": it is a folder");
        Path missing = dir.resolve("missing").resolve("out." + format.formatName());
        assertThatThrownBy(() -> format.newFileEncoder(missing, Signals.RATE))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write " + format.label() + " file " + missing + ": the folder "
                        + missing.getParent() + " does not exist");
        assertThat(files()).containsExactly(folder.getFileName().toString());
    }

    @Test
    void anUnsupportedRateLeavesNoTemporaryFile() throws IOException {
        assertThatThrownBy(() -> AudioFormat.OPUS.newFileEncoder(dir.resolve("a.opus"), 44_100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("opus cannot encode 44100 Hz audio; its sample rates are 8000, 12000, 16000, 24000, 48000");
        assertThat(files()).isEmpty();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
