package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads the 16-bit mono WAV streams the server sends, header checked field by field. */
final class Wav {

    /** The reference's streaming header claims 10⁹ frames. */
    static final long STREAMING_DATA_BYTES = 2_000_000_000L;
    static final int HEADER = 44;

    private Wav() {
    }

    /** The samples of a WAV streamed with the reference's placeholder sizes. */
    static short[] streamedSamples(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(wav.length).as("WAV length").isGreaterThanOrEqualTo(HEADER);
        assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
        assertThat(b.getInt(16)).as("fmt size").isEqualTo(16);
        assertThat(b.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(b.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(b.getInt(24)).as("rate").isEqualTo(24000);
        assertThat(b.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(new String(wav, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
        assertThat(Integer.toUnsignedLong(b.getInt(40))).as("streaming data size").isEqualTo(STREAMING_DATA_BYTES);
        assertThat((wav.length - HEADER) % 2).as("whole samples").isZero();
        return pcm(wav, HEADER);
    }

    /** Raw little-endian 16-bit samples from {@code offset} on. */
    static short[] pcm(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[(bytes.length - offset) / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = b.getShort(offset + 2 * i);
        }
        return samples;
    }

    /** The reference's conversion: {@code int16(clamp(x, -1, 1)·32767)}, truncated, then 0.2 s of zeros. */
    static short[] referenceConversion(float[] audio) {
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
    static void assertMatchesGolden(short[] actual, float[] goldenAudio) {
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
