package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * MP3 and Opus, decoded by ffmpeg, keep the duration (±0.15 s) and the energy (±1.5 dB) of what was
 * written, closing silence included.
 */
class LossyFormatsTest {

    private static final double DURATION_TOLERANCE_S = 0.15;
    private static final double ENERGY_TOLERANCE_DB = 1.5;
    private static final int TAIL = 4800;

    @BeforeEach
    void ffmpeg() {
        Decoder.assumeFfmpeg();
    }

    @ParameterizedTest
    @EnumSource(names = {"MP3", "OPUS"})
    void speechKeepsDurationAndEnergy(AudioFormat format) {
        check(format, Signals.speech(), Signals.FRAME);
    }

    @ParameterizedTest
    @EnumSource(names = {"MP3", "OPUS"})
    void chirpWrittenAtOnceKeepsDurationAndEnergy(AudioFormat format) {
        float[] chirp = Signals.chirp(100, 6000, 12.3, 0.5);
        check(format, chirp, chirp.length);
    }

    @ParameterizedTest
    @EnumSource(names = {"MP3", "OPUS"})
    void quietToneInSmallPiecesKeepsDurationAndEnergy(AudioFormat format) {
        check(format, Signals.tone(440, 1.01, 0.05), 77);
    }

    private static void check(AudioFormat format, float[] audio, int piece) {
        short[] decoded = Decoder.decode(Encoding.encode(format, audio, piece), format);
        double expectedSeconds = (audio.length + TAIL) / (double) Signals.RATE;
        double seconds = decoded.length / (double) Signals.RATE;
        double energyDb = Signals.decibels(Signals.rms(decoded) * Math.sqrt(decoded.length)
                / (Signals.rms(audio) * Math.sqrt(audio.length)));
        System.out.printf("%s: %d samples -> %.4f s (expected %.4f), energy %+.3f dB%n",
                format, audio.length, seconds, expectedSeconds, energyDb);
        assertThat(seconds).as("decoded duration").isCloseTo(expectedSeconds, within(DURATION_TOLERANCE_S));
        assertThat(energyDb).as("energy change in dB").isCloseTo(0, within(ENERGY_TOLERANCE_DB));
    }
}
