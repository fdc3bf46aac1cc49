package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Wav;

/** The STREAMINFO block (RFC 9639, section 8.2): "unknown" on a stream, complete in a file. */
class FlacStreamInfoTest {

    private record StreamInfo(int minBlock, int maxBlock, int minFrame, int maxFrame, int rate, int channels,
                              int bits, long samples, byte[] md5) {
    }

    @Test
    void aStreamLeavesLengthAndSignatureUnknown() {
        StreamInfo info = parse(Encoding.encode(AudioFormat.FLAC, Signals.tone(300, 1.0, 0.3)));
        assertThat(info.minBlock()).isEqualTo(1920);
        assertThat(info.maxBlock()).isEqualTo(1920);
        assertThat(info.rate()).isEqualTo(24_000);
        assertThat(info.channels()).isEqualTo(1);
        assertThat(info.bits()).isEqualTo(16);
        assertThat(info.samples()).as("total samples").isZero();
        assertThat(info.minFrame()).isZero();
        assertThat(info.maxFrame()).isZero();
        assertThat(info.md5()).containsOnly(0);
    }

    @Test
    void aFileHasItsLengthFrameSizesAndSignature(@TempDir Path dir) throws IOException, NoSuchAlgorithmException {
        float[] audio = Signals.chirp(100, 8000, 1.3, 0.9);
        Path file = dir.resolve("speech.flac");
        try (AudioEncoder encoder = AudioFormat.FLAC.newFileEncoder(file, Signals.RATE)) {
            encoder.write(audio);
            encoder.finish();
        }
        StreamInfo info = parse(Files.readAllBytes(file));
        short[] expected = Wav.referenceConversion(audio);
        assertThat(info.samples()).isEqualTo(expected.length);
        assertThat(info.minFrame()).isPositive().isLessThanOrEqualTo(info.maxFrame());
        ByteBuffer pcm = ByteBuffer.allocate(2 * expected.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (short s : expected) {
            pcm.putShort(s);
        }
        assertThat(info.md5()).as("MD5 of the samples").isEqualTo(MessageDigest.getInstance("MD5").digest(pcm.array()));
        Decoder.assumeFfmpeg();
        Samples.assertEqual(Decoder.decode(Files.readAllBytes(file), AudioFormat.FLAC), expected, "the file decoded");
    }

    private static StreamInfo parse(byte[] flac) {
        assertThat(new String(flac, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("fLaC");
        assertThat(flac[4] & 0xFF).as("last metadata block, type STREAMINFO").isEqualTo(0x80);
        assertThat(((flac[5] & 0xFF) << 16) | ((flac[6] & 0xFF) << 8) | (flac[7] & 0xFF)).isEqualTo(34);
        ByteBuffer b = ByteBuffer.wrap(flac, 8, 34);
        int minBlock = Short.toUnsignedInt(b.getShort());
        int maxBlock = Short.toUnsignedInt(b.getShort());
        int minFrame = ((b.get() & 0xFF) << 16) | (Short.toUnsignedInt(b.getShort()));
        int maxFrame = ((b.get() & 0xFF) << 16) | (Short.toUnsignedInt(b.getShort()));
        long packed = b.getLong(); // rate 20, channels-1 3, bits-1 5, samples 36
        byte[] md5 = Arrays.copyOfRange(flac, 8 + 18, 8 + 34);
        return new StreamInfo(minBlock, maxBlock, minFrame, maxFrame, (int) (packed >>> 44),
                (int) ((packed >>> 41) & 7) + 1, (int) ((packed >>> 36) & 31) + 1, packed & 0xFFFFFFFFFL, md5);
    }
}
