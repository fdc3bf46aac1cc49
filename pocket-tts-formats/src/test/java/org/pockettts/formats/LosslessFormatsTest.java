package org.pockettts.formats;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pockettts.testing.Wav;

/**
 * WAV, PCM and FLAC decode, by ffmpeg, to exactly the reference's 16-bit conversion of what was
 * written ({@code int16(clamp(x, -1, 1)·32767)} truncated) followed by 0.2 s of silence.
 */
class LosslessFormatsTest {

    @BeforeEach
    void ffmpeg() {
        Decoder.assumeFfmpeg();
    }

    @ParameterizedTest
    @EnumSource(names = {"WAV", "PCM", "FLAC"})
    void speechIsSampleExact(AudioFormat format) {
        float[] speech = Signals.speech();
        Samples.assertEqual(Decoder.decode(Encoding.encode(format, speech), format), Wav.referenceConversion(speech), "speech");
    }

    /** Beyond full scale (clamped), both signs of truncation, silence, and every block boundary. */
    @ParameterizedTest
    @EnumSource(names = {"WAV", "PCM", "FLAC"})
    void loudChirpIsSampleExact(AudioFormat format) {
        float[] chirp = Signals.chirp(50, 9000, 1.7, 1.4);
        Samples.assertEqual(Decoder.decode(Encoding.encode(format, chirp), format), Wav.referenceConversion(chirp), "chirp");
    }

    @ParameterizedTest
    @EnumSource(names = {"WAV", "PCM", "FLAC"})
    void nothingWrittenIsTheClosingSilence(AudioFormat format) {
        Samples.assertEqual(Decoder.decode(Encoding.encode(format, new float[0]), format), new short[4800], "silence");
    }

    /** Any length, written in pieces of any size. */
    @Test
    void anyLengthInAnyPiecesIsSampleExact() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 4; trial++) {
            for (AudioFormat format : new AudioFormat[] {AudioFormat.WAV, AudioFormat.PCM, AudioFormat.FLAC}) {
                float[] audio = Signals.noise(random.nextLong(), random.nextInt(30_000), random.nextDouble() * 1.3);
                int piece = 1 + random.nextInt(trial % 2 == 0 ? 50 : 6000);
                Samples.assertEqual(Decoder.decode(Encoding.encode(format, audio, piece), format),
                        Wav.referenceConversion(audio),
                        "seed " + seed + ", " + format + ", " + audio.length + " samples in pieces of " + piece);
            }
        }
    }
}
