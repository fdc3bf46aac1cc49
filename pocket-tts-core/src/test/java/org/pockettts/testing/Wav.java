package org.pockettts.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the 16-bit mono 24 kHz WAVs the command line and the server produce, header checked field
 * by field, and compares them with the reference's conversion of the golden audio.
 */
public final class Wav {

    /** Bytes before the samples. */
    public static final int HEADER = 44;
    /** The reference's streaming header claims 10⁹ frames. */
    public static final long STREAMING_DATA_BYTES = 2_000_000_000L;

    private Wav() {
    }

    /** The samples of a WAV whose header has the true sizes. */
    public static short[] samples(byte[] wav) {
        return parse(wav, false);
    }

    /** The samples of a WAV streamed with the reference's placeholder sizes. */
    public static short[] streamedSamples(byte[] wav) {
        return parse(wav, true);
    }

    private static short[] parse(byte[] wav, boolean streaming) {
        assertThat(wav.length).as("WAV length").isGreaterThanOrEqualTo(HEADER);
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getInt(16)).as("fmt size").isEqualTo(16);
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(b.getInt(24)).as("rate").isEqualTo(24000);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        long dataBytes = Integer.toUnsignedLong(b.getInt(40));
        if (streaming) {
            assertThat(dataBytes).as("streaming data size").isEqualTo(STREAMING_DATA_BYTES);
        } else {
            assertThat(dataBytes).as("data size").isEqualTo(wav.length - HEADER);
            assertThat(Integer.toUnsignedLong(b.getInt(4))).as("RIFF size").isEqualTo(wav.length - 8);
        }
        assertThat((wav.length - HEADER) % 2).as("whole samples").isZero();
        return pcm(wav, HEADER);
    }

    /** Raw little-endian 16-bit samples from {@code offset} on. */
    public static short[] pcm(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[(bytes.length - offset) / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = b.getShort(offset + 2 * i);
        }
        return samples;
    }

    /** The reference's conversion: {@code int16(clamp(x, -1, 1)·32767)}, truncated, then 0.2 s of zeros. */
    public static short[] referenceConversion(float[] audio) {
        short[] out = new short[audio.length + 4800];
        for (int i = 0; i < audio.length; i++) {
            out[i] = (short) (Math.max(-1f, Math.min(1f, audio[i])) * 32767f);
        }
        return out;
    }

    /**
     * Asserts equal samples, except that a sample may differ by one step where the golden value
     * lies within 0.01 of a truncation boundary: there a difference of 10⁻⁷ in the float audio
     * (far inside the engine's tolerance) flips the integer.
     */
    public static void assertMatchesGolden(short[] actual, float[] goldenAudio) {
        short[] expected = referenceConversion(goldenAudio);
        assertThat(actual).as("sample count").hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] != expected[i]) {
                double scaled = Math.max(-1f, Math.min(1f, goldenAudio[i])) * 32767.0;
                double distance = Math.abs(scaled - Math.rint(scaled));
                assertThat(Math.abs(actual[i] - expected[i])).as("sample %d", i).isEqualTo(1);
                assertThat(distance).as("sample %d is off by one away from a rounding boundary (%.6f)", i, scaled)
                        .isLessThan(0.01);
            }
        }
    }
}
