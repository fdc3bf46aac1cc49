package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What the writer produces, the reader gives back. */
class RoundTripTest {

    @Test
    void writtenBytesReadBackAsTheirPcm16Values() {
        for (long seed = 0; seed < 100; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            float[] audio = new float[1 + r.nextInt(300)];
            for (int i = 0; i < audio.length; i++) {
                audio[i] = (float) (r.nextDouble() * 3 - 1.5);
            }
            int rate = 1000 + r.nextInt(192_000 - 1000 + 1);
            Audio back = WavReader.read(WavWriter.toWavBytes(audio, rate), "bytes");

            assertThat(back.sampleRate()).as("seed %d", seed).isEqualTo(rate);
            assertThat(back.length()).as("seed %d", seed).isEqualTo(audio.length + WavWriter.tailSilenceSamples(rate));
            for (int i = 0; i < back.length(); i++) {
                float expected = i < audio.length ? WavWriter.toPcm16(audio[i]) / 32768f : 0f;
                assertThat(back.samples()[i]).as("seed %d, sample %d", seed, i).isEqualTo(expected);
            }
        }
    }

    @Test
    void maxSecondsKeepsTheFloorOfSecondsTimesRate() {
        for (long seed = 0; seed < 50; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int samples = 1 + r.nextInt(5000);
            int rate = 100 + r.nextInt(48_000 - 100 + 1);
            float seconds = (float) (0.01 + r.nextDouble() * 1.99);
            byte[] wav = new WavBuilder().fmt(1, 1, rate, 16).data(new byte[2 * samples]).build();
            long keep = (long) Math.floor(seconds * (double) rate);
            if (keep == 0) {
                continue;
            }
            assertThat(WavReader.read(wav, "x", seconds).length()).as("seed %d", seed)
                    .isEqualTo((int) Math.min(samples, keep));
        }
    }

    @Test
    void ioFailureReasonsAreWordedWithoutRepeatingThePath() {
        assertThat(PcmSink.reason(new AccessDeniedException("/a/b"))).isEqualTo("permission denied");
        assertThat(PcmSink.reason(new NoSuchFileException("/a/b"))).isEqualTo("no such file or folder");
        assertThat(PcmSink.reason(new FileSystemException("/a/b", null, "Read-only file system")))
                .isEqualTo("Read-only file system");
        assertThat(PcmSink.reason(new IOException("No space left on device"))).isEqualTo("No space left on device");
    }
}
