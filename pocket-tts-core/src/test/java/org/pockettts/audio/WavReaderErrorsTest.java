package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.pockettts.audio.WavBuilder.floats32;
import static org.pockettts.audio.WavBuilder.ints;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.InvalidInputException;

/** Every kind of unusable input is refused with one message that names the input, the problem and a remedy. */
class WavReaderErrorsTest {

    private static final byte[] SAMPLES = ints(2, 1, 2, 3, 4);

    @TempDir
    Path dir;

    @Test
    void mp3IsNotAWavFile() {
        byte[] mp3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0x21, (byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64};

        assertThat(message(mp3)).contains("not a WAV file", "MP3", "ffmpeg");
    }

    @Test
    void textFileIsNotAWavFile() {
        assertThat(message("Hello, this is not audio.\n".getBytes(StandardCharsets.UTF_8)))
                .contains("not a WAV file", "text file");
    }

    @Test
    void otherRiffFormsAreNotWavFiles() {
        assertThat(message(new WavBuilder().form("AVI ").build())).contains("RIFF file of type 'AVI '", "not a WAV");
    }

    @Test
    void emptyFileSaysItIsEmpty() {
        assertThat(message(new byte[0])).contains("empty");
    }

    @Test
    void fileEndingInsideTheRiffHeaderIsTruncated() {
        assertThat(message(Arrays.copyOf(new WavBuilder().build(), 7))).contains("truncated", "7 bytes");
    }

    @Test
    void fileEndingInsideTheFmtChunkIsTruncated() {
        byte[] wav = new WavBuilder().fmt(1, 1, 24000, 16).build();

        assertThat(message(Arrays.copyOf(wav, 30))).contains("inside its 'fmt' header chunk", "truncated");
    }

    @Test
    void dataShorterThanDeclaredIsTruncated() {
        byte[] wav = new WavBuilder().fmt(1, 1, 24000, 16).chunk("data", 1000, SAMPLES, false).build();

        assertThat(message(wav)).contains("declares 1000 bytes but only 8 are present", "truncated", "complete copy");
    }

    @Test
    void adpcmIsUnsupportedAndNamed() {
        byte[] wav = new WavBuilder().fmt(2, 1, 22050, 4).data(SAMPLES).build();

        assertThat(message(wav)).contains("Microsoft ADPCM (format code 0x0002)", "not supported", "ffmpeg");
    }

    @Test
    void muLawIsUnsupportedAndNamed() {
        byte[] wav = new WavBuilder().fmt(7, 1, 8000, 8).data(SAMPLES).build();

        assertThat(message(wav)).contains("mu-law (format code 0x0007)", "not supported");
    }

    @Test
    void extensibleALawIsUnsupportedAndNamed() {
        byte[] wav = new WavBuilder().fmtExtensible(6, 1, 8000, 8).data(SAMPLES).build();

        assertThat(message(wav)).contains("A-law (format code 0x0006)", "not supported");
    }

    @Test
    void unknownFormatCodeIsShownInHex() {
        byte[] wav = new WavBuilder().fmt(0x1234, 1, 8000, 16).data(SAMPLES).build();

        assertThat(message(wav)).contains("format code 0x1234", "not supported");
    }

    @Test
    void unsupportedBitDepthsAreNamed() {
        assertThat(message(new WavBuilder().fmt(3, 1, 8000, 16).data(SAMPLES).build()))
                .contains("IEEE float with 16 bits", "not supported");
        assertThat(message(new WavBuilder().fmt(1, 1, 8000, 48).data(SAMPLES).build()))
                .contains("PCM integer with 48 bits", "not supported");
    }

    @Test
    void zeroChannelsIsABrokenHeader() {
        assertThat(message(new WavBuilder().fmt(1, 0, 24000, 16).data(SAMPLES).build())).contains("zero channels");
    }

    @Test
    void zeroSampleRateIsABrokenHeader() {
        assertThat(message(new WavBuilder().fmt(1, 1, 0, 16).data(SAMPLES).build())).contains("sample rate of 0 Hz");
    }

    @Test
    void shortFmtChunkIsABrokenHeader() {
        assertThat(message(new WavBuilder().chunk("fmt ", new byte[12]).data(SAMPLES).build()))
                .contains("fmt chunk is 12 bytes long", "broken");
    }

    @Test
    void missingDataChunkIsNamed() {
        byte[] wav = new WavBuilder().fmt(1, 1, 24000, 16).chunk("LIST", new byte[6]).build();

        assertThat(message(wav)).contains("no data chunk");
    }

    @Test
    void missingFmtChunkIsNamed() {
        assertThat(message(new WavBuilder().chunk("LIST", new byte[6]).build())).contains("no fmt chunk");
    }

    @Test
    void dataBeforeFmtIsABrokenHeader() {
        byte[] wav = new WavBuilder().data(SAMPLES).fmt(1, 1, 24000, 16).build();

        assertThat(message(wav)).contains("data chunk comes before any fmt chunk");
    }

    @Test
    void emptyAudioIsNamed() {
        assertThat(message(new WavBuilder().fmt(1, 1, 24000, 16).data(new byte[0]).build()))
                .contains("no audio samples");
        assertThat(message(new WavBuilder().fmt(1, 2, 24000, 16).data(new byte[3]).build()))
                .contains("no audio samples");
    }

    @Test
    void nonFiniteFloatSamplesAreCorrupt() {
        float[] samples = new float[501];
        samples[500] = Float.NaN;
        byte[] wav = new WavBuilder().fmt(3, 1, 1000, 32).data(floats32(samples)).build();

        assertThat(message(wav)).contains("NaN or infinite sample at 0.500 s");
    }

    @Test
    void bigEndianRifxIsUnsupported() {
        assertThat(message(new WavBuilder().magic("RIFX").build())).contains("big-endian (RIFX)", "not supported");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("nope.wav");

        assertThat(catchThrowableOfType(InvalidInputException.class, () -> WavReader.read(missing)).getMessage())
                .isEqualTo("cannot read WAV file " + missing + ": the file does not exist");
    }

    @Test
    void folderIsNotAWavFile() {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> WavReader.read(dir)).getMessage())
                .contains(dir.toString(), "is a folder");
    }

    @Test
    void messageOfAFileNamesItsPath() throws Exception {
        Path file = dir.resolve("song.mp3");
        Files.write(file, new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0});

        assertThat(catchThrowableOfType(InvalidInputException.class, () -> WavReader.read(file)).getMessage())
                .startsWith("cannot read WAV file " + file + ": it is not a WAV file (it looks like an MP3 file)");
    }

    private static String message(byte[] wav) {
        InvalidInputException e =
                catchThrowableOfType(InvalidInputException.class, () -> WavReader.read(wav, "prompt.wav"));
        assertThat(e).as("an InvalidInputException").isNotNull();
        assertThat(e.getMessage()).startsWith("cannot read WAV file prompt.wav: ");
        return e.getMessage();
    }
}
