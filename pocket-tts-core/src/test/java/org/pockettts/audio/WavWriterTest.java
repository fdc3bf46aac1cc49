package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

class WavWriterTest {

    private static final float[] AUDIO =
            {0f, 0.5f, -0.5f, 1f, -1f, 1.5f, -2f, 0.99999f, -0.3f, 1e-5f, -1e-5f, Float.NaN};

    @TempDir
    Path dir;

    @Test
    void samplesAreClampedScaledAndTruncatedTowardZero() {
        short[] expected = {0, 16383, -16383, 32767, -32767, 32767, -32767, 32766, -9830, 0, 0, 0};

        for (int i = 0; i < AUDIO.length; i++) {
            assertThat(WavWriter.toPcm16(AUDIO[i])).as("sample %s", AUDIO[i]).isEqualTo(expected[i]);
        }
    }

    @Test
    void conversionIsTheReferenceFormulaInFloat32() {
        float[] audio = Fixtures.goldenTensors().floats("gen0.audio");
        for (float x : audio) {
            float clamped = Math.max(-1f, Math.min(1f, x));
            assertThat(WavWriter.toPcm16(x)).isEqualTo((short) (clamped * 32767f));
        }
    }

    @Test
    void tailSilenceIsAFifthOfASecond() {
        assertThat(WavWriter.tailSilenceSamples(24000)).isEqualTo(4800);
        assertThat(WavWriter.tailSilenceSamples(44100)).isEqualTo(8820);
        assertThat(WavWriter.tailSilenceSamples(22050)).isEqualTo(4410);
    }

    @Test
    void fileHoldsTheConvertedSamplesThen4800ZerosAndTrueSizes() throws IOException {
        Path target = dir.resolve("out.wav");
        try (WavWriter writer = WavWriter.toFile(target, 24000)) {
            writer.write(AUDIO, 0, 5);
            writer.write(AUDIO, 5, AUDIO.length - 5);
            assertThat(target).doesNotExist();
            writer.finish();
            assertThat(writer.samplesWritten()).isEqualTo(AUDIO.length + 4800);
        }

        byte[] wav = Files.readAllBytes(target);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int dataBytes = 2 * (AUDIO.length + 4800);
        assertThat(wav).hasSize(44 + dataBytes);
        assertThat(b.getInt(4)).as("RIFF size").isEqualTo(36 + dataBytes);
        assertThat(b.getInt(40)).as("data size").isEqualTo(dataBytes);
        assertThat(b.getInt(24)).as("sample rate").isEqualTo(24000);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(pcm(wav)).containsExactly(expectedPcm(AUDIO, 4800));
        assertThat(dir.toFile().list()).containsExactly("out.wav");
    }

    @Test
    void fileReadsBackThroughTheReader() throws IOException {
        Path target = dir.resolve("back.wav");
        WavWriter.writeFile(target, new float[] {0.25f, -0.75f}, 24000);

        Audio a = WavReader.read(target);

        assertThat(a.sampleRate()).isEqualTo(24000);
        assertThat(a.length()).isEqualTo(2 + 4800);
        assertThat(a.samples()[0]).isEqualTo(8191 / 32768f);
        assertThat(a.samples()[1]).isEqualTo(-24575 / 32768f);
    }

    @Test
    void abortLeavesNoFileAndKeepsAnEarlierOne() throws IOException {
        Path target = dir.resolve("keep.wav");
        Files.write(target, new byte[] {1, 2, 3});

        try (WavWriter writer = WavWriter.toFile(target, 24000)) {
            writer.write(AUDIO);
            writer.abort();
        }
        try (WavWriter writer = WavWriter.toFile(dir.resolve("new.wav"), 24000)) {
            writer.write(AUDIO);
        }

        assertThat(target).hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(dir.toFile().list()).containsExactly("keep.wav");
    }

    @Test
    void exceptionWhileWritingLeavesNothingBehind() {
        Path target = dir.resolve("fail.wav");

        assertThatThrownBy(() -> {
            try (WavWriter writer = WavWriter.toFile(target, 24000)) {
                writer.write(AUDIO);
                throw new IllegalStateException("generation failed");
            }
        }).hasMessage("generation failed");

        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void finishedFileLeavesNoTemporaryFile() throws IOException {
        WavWriter.writeFile(dir.resolve("a.wav"), AUDIO, 24000);
        WavWriter.writeFile(dir.resolve("a.wav"), new float[] {0.1f}, 24000);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.wav");
        }
        assertThat(WavReader.read(dir.resolve("a.wav")).length()).isEqualTo(1 + 4800);
    }

    @Test
    void missingFolderIsNamedInTheMessage() {
        Path target = dir.resolve("no/such/folder/out.wav");

        assertThatThrownBy(() -> WavWriter.toFile(target, 24000))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write WAV file " + target + ": the folder " + target.getParent()
                        + " does not exist or is not a folder");
    }

    @Test
    void unwritableFolderIsNamedInTheMessage() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("locked"));
        assertThat(folder.toFile().setWritable(false)).isTrue();
        try {
            assumeFalse(Files.isWritable(folder),
                    "skipped: running as a user who may write to read-only folders");
            Path target = folder.resolve("out.wav");

            assertThatThrownBy(() -> WavWriter.toFile(target, 24000))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("cannot write WAV file " + target + ": ")
                    .hasMessageContaining("permission denied");
        } finally {
            folder.toFile().setWritable(true);
        }
    }

    @Test
    void targetThatIsAFolderIsRefused() {
        assertThatThrownBy(() -> WavWriter.toFile(dir, 24000))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot write WAV file " + dir.toAbsolutePath() + ": it is a folder");
    }

    @Test
    void streamStartsWithTheReferencesPlaceholderHeaderAndFlushesEveryWrite() throws IOException {
        RecordingStream out = new RecordingStream();
        WavWriter writer = WavWriter.toStream(out, 24000);

        assertThat(out.flushedSizes).containsExactly(44);
        writer.write(AUDIO, 0, 4);
        writer.write(AUDIO, 4, 8);
        assertThat(out.flushedSizes).containsExactly(44, 52, 68);
        writer.finish();

        byte[] wav = out.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        // Python's wave module after setnframes(1_000_000_000) on 16-bit mono, never patched.
        assertThat(Integer.toUnsignedLong(b.getInt(4))).isEqualTo(2_000_000_036L);
        assertThat(Integer.toUnsignedLong(b.getInt(40))).isEqualTo(2_000_000_000L);
        assertThat(pcm(wav)).containsExactly(expectedPcm(AUDIO, 4800));
        assertThat(out.closed).isFalse();
    }

    @Test
    void streamReadsBackThroughTheReader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (WavWriter writer = WavWriter.toStream(out, 24000)) {
            writer.write(new float[] {0.5f, -0.5f, 0.25f});
            writer.finish();
        }

        Audio a = WavReader.read(out.toByteArray(), "stream");

        assertThat(a.sampleRate()).isEqualTo(24000);
        assertThat(a.length()).isEqualTo(3 + 4800);
        assertThat(a.samples()[0]).isEqualTo(16383 / 32768f);
        assertThat(a.samples()[2]).isEqualTo(8191 / 32768f);
    }

    @Test
    void streamCutOffMidwayIsStillReadable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavWriter writer = WavWriter.toStream(out, 24000);
        writer.write(new float[] {0.5f, -0.5f});
        writer.abort();

        assertThat(WavReader.read(out.toByteArray(), "stream").length()).isEqualTo(2);
    }

    @Test
    void streamWriteFailureNamesTheReason() throws IOException {
        OutputStream broken = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        WavWriter writer = WavWriter.toStream(broken, 24000);

        assertThatThrownBy(() -> writer.write(AUDIO)).isInstanceOf(IOException.class)
                .hasMessage("cannot write the WAV stream: Broken pipe");
    }

    @Test
    void fullDeviceNamesTheReason() throws IOException {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "skipped: no /dev/full on this system");

        try (OutputStream out = Files.newOutputStream(full)) {
            assertThatThrownBy(() -> WavWriter.toStream(out, 24000)).isInstanceOf(IOException.class)
                    .hasMessage("cannot write the WAV stream: No space left on device");
        }
    }

    @Test
    void bytesHaveTrueSizesAndTheSameContentAsAFile() throws IOException {
        byte[] wav = WavWriter.toWavBytes(AUDIO, 24000);
        Path file = dir.resolve("f.wav");
        WavWriter.writeFile(file, AUDIO, 24000);

        assertThat(wav).isEqualTo(Files.readAllBytes(file));
        assertThat(ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40)).isEqualTo(2 * (AUDIO.length + 4800));
    }

    @Test
    void writingAfterFinishIsAnError() throws IOException {
        WavWriter writer = WavWriter.toStream(new ByteArrayOutputStream(), 24000);
        writer.finish();

        assertThatThrownBy(() -> writer.write(AUDIO)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(writer::finish).isInstanceOf(IllegalStateException.class);
    }

    private static short[] pcm(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav, 44, wav.length - 44).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[(wav.length - 44) / 2];
        b.asShortBuffer().get(s);
        return s;
    }

    private static short[] expectedPcm(float[] audio, int silence) {
        short[] s = new short[audio.length + silence];
        for (int i = 0; i < audio.length; i++) {
            float x = Float.isNaN(audio[i]) ? 0f : Math.max(-1f, Math.min(1f, audio[i]));
            s[i] = (short) (int) (x * 32767f);
        }
        return s;
    }

    /** Remembers how many bytes had been written at each flush. */
    private static final class RecordingStream extends ByteArrayOutputStream {
        final List<Integer> flushedSizes = new ArrayList<>();
        boolean closed;

        @Override
        public void flush() {
            flushedSizes.add(size());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
