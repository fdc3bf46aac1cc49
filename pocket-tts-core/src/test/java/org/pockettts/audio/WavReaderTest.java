package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pockettts.audio.WavBuilder.floats32;
import static org.pockettts.audio.WavBuilder.floats64;
import static org.pockettts.audio.WavBuilder.ints;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

class WavReaderTest {

    @TempDir
    Path dir;

    @Test
    void tinyVoiceWavEqualsTheReferenceFloatsExactly() {
        Audio voice = WavReader.read(Fixtures.tiny("voice.wav"));
        float[] expected = Fixtures.goldenTensors().floats("voice.wav_float", 1, 64523);

        assertThat(voice.sampleRate()).isEqualTo(22050)
                .isEqualTo(Fixtures.golden().at("/voice_wav/sample_rate").asInt());
        assertThat(voice.length()).isEqualTo(64523).isEqualTo(Fixtures.golden().at("/voice_wav/samples").asInt());
        assertThat(voice.samples()).containsExactly(expected);
    }

    @Test
    void pcm16IsInt16Over32768() {
        Audio a = read(new WavBuilder().fmt(1, 1, 16000, 16).data(ints(2, 0, 1, -1, 32767, -32768, 12345)).build());

        assertThat(a.sampleRate()).isEqualTo(16000);
        assertThat(a.samples()).containsExactly(0f, 1 / 32768f, -1 / 32768f, 32767 / 32768f, -1f, 12345 / 32768f);
    }

    @Test
    void pcm8IsUnsignedAroundOneHundredTwentyEight() {
        Audio a = read(new WavBuilder().fmt(1, 1, 8000, 8).data(ints(1, 128, 0, 255, 64, 129)).build());

        assertThat(a.samples()).containsExactly(0f, -1f, 127 / 128f, -0.5f, 1 / 128f);
    }

    @Test
    void pcm24IsScaledByTwoToTheTwentyThree() {
        byte[] data = ints(3, 0, 1, -1, 0x7FFFFF, -0x800000, 4_000_000);
        Audio a = read(new WavBuilder().fmt(1, 1, 44100, 24).data(data).build());

        assertThat(a.samples()).containsExactly(0f, 1 / 8388608f, -1 / 8388608f, 0x7FFFFF / 8388608f, -1f,
                4_000_000 / 8388608f);
    }

    @Test
    void pcm32IsScaledByTwoToTheThirtyOne() {
        Audio a = read(new WavBuilder().fmt(1, 1, 48000, 32)
                .data(ints(4, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 20, -123456789)).build());

        assertThat(a.samples()).containsExactly(0f, -1f, (float) Integer.MAX_VALUE / 2147483648f, 1f / 2048,
                -123456789f / 2147483648f);
    }

    @Test
    void float32SamplesAreKeptAsTheyAre() {
        float[] values = {0f, 0.25f, -0.999f, 1.5f, Float.MIN_VALUE};
        Audio a = read(new WavBuilder().fmt(3, 1, 24000, 32).data(floats32(values)).build());

        assertThat(a.samples()).containsExactly(values);
    }

    @Test
    void float64SamplesAreRoundedToFloat() {
        double[] values = {0.1, -0.7, 1e-9, 0.123456789012345};
        Audio a = read(new WavBuilder().fmt(3, 1, 24000, 64).data(floats64(values)).build());

        assertThat(a.samples()).containsExactly(0.1f, -0.7f, 1e-9f, 0.123456789012345f);
    }

    @Test
    void extensiblePcmAndFloatReadLikeThePlainFormats() {
        byte[] pcm = ints(3, 1000, -2000, 3000);
        byte[] flt = floats32(0.5f, -0.5f);

        assertThat(read(new WavBuilder().fmtExtensible(1, 1, 22050, 24).data(pcm).build()).samples())
                .containsExactly(read(new WavBuilder().fmt(1, 1, 22050, 24).data(pcm).build()).samples());
        assertThat(read(new WavBuilder().fmtExtensible(3, 1, 22050, 32).data(flt).build()).samples())
                .containsExactly(0.5f, -0.5f);
    }

    @Test
    void stereoIsAveragedIntoMono() {
        // Frames (L, R): (0.5, -0.25), (1/32768, 3/32768), (-1, -1).
        byte[] data = ints(2, 16384, -8192, 1, 3, -32768, -32768);
        Audio a = read(new WavBuilder().fmt(1, 2, 44100, 16).data(data).build());

        assertThat(a.samples()).containsExactly(0.125f, 2 / 32768f, -1f);
    }

    @Test
    void manyChannelsAreAveragedIntoMono() {
        float[] frame = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        Audio a = read(new WavBuilder().fmtExtensible(3, 6, 48000, 32).data(floats32(frame)).build());

        double mean = 0;
        for (float v : frame) {
            mean += v;
        }
        assertThat(a.samples()).containsExactly((float) (mean / 6));
    }

    @Test
    void unknownAndOddSizedChunksAreSkipped() {
        byte[] wav = new WavBuilder()
                .chunk("JUNK", new byte[] {1, 2, 3})
                .fmt(1, 1, 16000, 16)
                .chunk("LIST", "INFOISFT\u0005abcde".getBytes())
                .chunk("fact", new byte[] {4, 0, 0, 0})
                .data(ints(2, 100, -100, 200))
                .chunk("id3 ", new byte[] {9})
                .build();

        assertThat(read(wav).samples()).containsExactly(100 / 32768f, -100 / 32768f, 200 / 32768f);
    }

    @Test
    void oddSizedFmtChunkIsPadded() {
        byte[] fmt = new byte[19];
        byte[] plain = new WavBuilder().fmt(1, 1, 8000, 16).build();
        System.arraycopy(plain, 20, fmt, 0, 16);
        byte[] wav = new WavBuilder().chunk("fmt ", fmt).data(ints(2, 7, 8)).build();

        assertThat(read(wav).samples()).containsExactly(7 / 32768f, 8 / 32768f);
    }

    @Test
    void trailingPartialFrameIsDropped() {
        byte[] data = {1, 0, 2, 0, 3};
        Audio a = read(new WavBuilder().fmt(1, 1, 8000, 16).data(data).build());

        assertThat(a.samples()).containsExactly(1 / 32768f, 2 / 32768f);
    }

    @Test
    void placeholderDataSizesAreReadToTheEndOfTheFile() {
        byte[] samples = ints(2, 10, 20, 30, 40, 50);
        long[] placeholders = {0L, 0xFFFFFFFFL, 2_000_000_000L};
        for (long size : placeholders) {
            byte[] wav = new WavBuilder().riffSize(size == 0 ? 36 : 0xFFFFFFFFL).fmt(1, 1, 24000, 16)
                    .chunk("data", size, samples, false).build();

            assertThat(read(wav).samples()).as("data size %d", size)
                    .containsExactly(10 / 32768f, 20 / 32768f, 30 / 32768f, 40 / 32768f, 50 / 32768f);
        }
    }

    @Test
    void streamingPlaceholderScalesWithTheFrameSize() {
        // The reference's writer declares 10^9 frames, so stereo 16-bit claims 4e9 bytes.
        byte[] wav = new WavBuilder().riffSize(4_000_000_036L).fmt(1, 2, 24000, 16)
                .chunk("data", 4_000_000_000L, ints(2, 100, 300, -100, -300), false).build();

        assertThat(read(wav).samples()).containsExactly(200 / 32768f, -200 / 32768f);
    }

    @Test
    void emptyDataChunkFollowedByChunksIsNotAPlaceholder() {
        // The RIFF size covers the LIST chunk after the zero-sized data chunk, so zero is a true size.
        byte[] wav = new WavBuilder().fmt(1, 1, 24000, 16).chunk("data", new byte[0])
                .chunk("LIST", new byte[] {1, 2, 3, 4}).build();

        assertThatThrownBy(() -> read(wav))
                .hasMessageContaining("no audio samples");
    }

    @Test
    void rf64TakesTheDataSizeFromItsDs64Chunk() {
        byte[] ds64 = new byte[28];
        WavBuilder.le(ds64, 0, 0xFFFFFFFFL, 8);
        WavBuilder.le(ds64, 8, 6, 8);
        WavBuilder.le(ds64, 16, 3, 8);
        byte[] wav = new WavBuilder().magic("RF64").riffSize(0xFFFFFFFFL).chunk("ds64", ds64)
                .fmt(1, 1, 24000, 16).chunk("data", 0xFFFFFFFFL, ints(2, 1, 2, 3), false)
                .chunk("LIST", new byte[] {9, 9, 9, 9}).build();

        assertThat(read(wav).samples()).containsExactly(1 / 32768f, 2 / 32768f, 3 / 32768f);
    }

    @Test
    void maxSecondsKeepsOnlyTheStartAndReadsNoFurther() {
        long[] values = new long[2500];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        byte[] wav = new WavBuilder().fmt(1, 1, 1000, 16).data(ints(2, values)).build();
        ByteArrayInputStream in = new ByteArrayInputStream(wav);

        Audio a = WavReader.read(in, "prompt", 1.5);

        assertThat(a.length()).isEqualTo(1500);
        assertThat(a.samples()[1499]).isEqualTo(1499 / 32768f);
        assertThat(in.available()).isEqualTo(2 * 1000);
        assertThat(WavReader.read(wav, "prompt", 10).length()).isEqualTo(2500);
    }

    @Test
    void pathStreamAndBytesGiveTheSameAudio() throws IOException {
        byte[] wav = new WavBuilder().fmt(1, 2, 32000, 24).data(ints(3, 1, 2, 3, 4, 5, 6)).build();
        Path file = dir.resolve("p.wav");
        Files.write(file, wav);

        Audio fromBytes = WavReader.read(wav, "p.wav");
        assertThat(WavReader.read(file)).isEqualTo(fromBytes);
        assertThat(WavReader.read(new ByteArrayInputStream(wav), "p.wav")).isEqualTo(fromBytes);
        assertThat(WavReader.read(file, 0.5)).isEqualTo(fromBytes);
    }

    private static Audio read(byte[] wav) {
        return WavReader.read(wav, "test.wav");
    }
}
