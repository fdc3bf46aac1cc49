package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Measures of decoded audio for the tests of the command line and the server, where speech comes
 * from the tiny test model: its random weights make a noise with a large constant offset, which the
 * lossy codecs need not keep (Opus filters below 20 Hz), so the measures are taken around the mean.
 */
public final class Measures {

    private Measures() {
    }

    public static double mean(short[] x) {
        double sum = 0;
        for (short v : x) {
            sum += v;
        }
        return sum / Math.max(1, x.length);
    }

    /** The energy around the mean (the standard deviation of the samples). */
    public static double acRms(short[] x) {
        double mean = mean(x);
        double sum = 0;
        for (short v : x) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / Math.max(1, x.length));
    }

    /** {@code 20·log10(acRms(a) / acRms(b))}. */
    public static double decibelsBetween(short[] a, short[] b) {
        return 20 * Math.log10(acRms(a) / acRms(b));
    }

    /**
     * How often the signal crosses its mean, per sample: follows its pitch (a plain resampling by a
     * factor multiplies it by that factor), whatever its offset.
     */
    public static double crossingsPerSample(short[] x) {
        double mean = mean(x);
        int crossings = 0;
        for (int i = 1; i < x.length; i++) {
            if ((x[i - 1] < mean) != (x[i] < mean)) {
                crossings++;
            }
        }
        return crossings / (double) x.length;
    }

    /**
     * Asserts that {@code decoded}, what ffmpeg read from audio of {@code format}, is the speech whose
     * 16-bit WAV samples are {@code wav} (24 kHz): the very samples for the lossless formats, the
     * duration (±0.15 s) and energy (±1.5 dB) for mp3 and opus.
     */
    public static void assertSameSpeech(short[] decoded, short[] wav, AudioFormat format) {
        if (format == AudioFormat.MP3 || format == AudioFormat.OPUS) {
            assertThat(decoded.length / 24_000.0).as(format.formatName() + " duration, s")
                    .isCloseTo(wav.length / 24_000.0, within(0.15));
            assertThat(decibelsBetween(decoded, wav)).as(format.formatName() + " energy, dB").isCloseTo(0, within(1.5));
        } else {
            assertThat(decoded).as(format.formatName()).isEqualTo(wav);
        }
    }
}
