package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.formats.AudioEncoder;
import org.pockettts.formats.AudioFormat;

/** What counts as a complete audio file and as a leftover temporary file. */
class OutputNamesTest {

    @TempDir
    Path dir;

    private Path encode(AudioFormat format, int samples) throws IOException {
        Path file = dir.resolve(OutputNames.fileName("row", format));
        try (AudioEncoder e = format.newFileEncoder(file, 24000)) {
            float[] audio = new float[samples];
            for (int i = 0; i < samples; i++) {
                audio[i] = (float) Math.sin(i * 0.05) * 0.5f;
            }
            e.write(audio);
            e.finish();
        }
        return file;
    }

    private static boolean complete(Path file, AudioFormat format) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return OutputNames.isComplete(format, bytes.length, Arrays.copyOf(bytes, Math.min(bytes.length,
                OutputNames.HEAD_BYTES)));
    }

    @Test
    void filesTheEncodersFinishAreCompleteInEveryFormat() throws IOException {
        for (AudioFormat format : AudioFormat.values()) {
            assertThat(complete(encode(format, 4800), format)).as(format.formatName()).isTrue();
            assertThat(complete(encode(format, 0), format)).as(format.formatName() + " without speech").isTrue();
        }
    }

    @Test
    void emptyTruncatedOrForeignFilesAreNotComplete() throws IOException {
        Path wav = encode(AudioFormat.WAV, 4800);
        byte[] bytes = Files.readAllBytes(wav);
        assertThat(OutputNames.isComplete(AudioFormat.WAV, bytes.length - 2, Arrays.copyOf(bytes, 44))).isFalse();
        assertThat(OutputNames.isComplete(AudioFormat.WAV, bytes.length + 2, Arrays.copyOf(bytes, 44))).isFalse();
        assertThat(OutputNames.isComplete(AudioFormat.WAV, 0, new byte[0])).isFalse();
        assertThat(OutputNames.isComplete(AudioFormat.WAV, 20, Arrays.copyOf(bytes, 20))).isFalse();
        byte[] text = "not audio at all, just some text of forty-four bytes".getBytes();
        for (AudioFormat format : new AudioFormat[] {AudioFormat.WAV, AudioFormat.MP3, AudioFormat.OPUS,
            AudioFormat.FLAC}) {
            assertThat(OutputNames.isComplete(format, text.length, Arrays.copyOf(text, 44))).as(format.formatName())
                    .isFalse();
        }
        assertThat(OutputNames.isComplete(AudioFormat.PCM, 9601, new byte[44])).isFalse();
        assertThat(OutputNames.isComplete(AudioFormat.PCM, 9600, new byte[44])).isTrue();
    }

    @Test
    void temporaryFilesOfRowsAndOfTheManifestAreRecognisedAndNothingElse() {
        assertThat(OutputNames.isTemporary(OutputNames.temporaryName("intro.wav"))).isTrue();
        assertThat(OutputNames.isTemporary(OutputNames.temporaryName(OutputNames.MANIFEST))).isTrue();
        assertThat(OutputNames.isTemporary(".a-1.opus.7f3a9c0e12345678.part")).isTrue();
        assertThat(OutputNames.temporaryName("a.wav")).matches("\\.a\\.wav\\.[0-9a-f]{16}\\.part");
        assertThat(OutputNames.isTemporary("intro.wav")).isFalse();
        assertThat(OutputNames.isTemporary(".notes.txt.1234.part")).isFalse();
        assertThat(OutputNames.isTemporary(".a.ogg.1234.part")).isFalse();
        assertThat(OutputNames.isTemporary(".a b.wav.1234.part")).isFalse();
        assertThat(OutputNames.isTemporary(".a.wav.xyz.part")).isFalse();
        assertThat(OutputNames.isTemporary(".pocket-tts-batch.lock")).isFalse();
    }
}
