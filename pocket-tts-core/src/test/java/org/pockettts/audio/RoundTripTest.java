package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** What the writer produces, the reader gives back. */
class RoundTripTest {

    @Property(tries = 100)
    void writtenBytesReadBackAsTheirPcm16Values(
            @ForAll @Size(min = 1, max = 300) float @FloatRange(min = -1.5f, max = 1.5f) [] audio,
            @ForAll @IntRange(min = 1000, max = 192_000) int rate) {
        Audio back = WavReader.read(WavWriter.toWavBytes(audio, rate), "bytes");

        assertThat(back.sampleRate()).isEqualTo(rate);
        assertThat(back.length()).isEqualTo(audio.length + WavWriter.tailSilenceSamples(rate));
        for (int i = 0; i < back.length(); i++) {
            float expected = i < audio.length ? WavWriter.toPcm16(audio[i]) / 32768f : 0f;
            assertThat(back.samples()[i]).isEqualTo(expected);
        }
    }

    @Property(tries = 50)
    void maxSecondsKeepsTheFloorOfSecondsTimesRate(@ForAll @IntRange(min = 1, max = 5000) int samples,
            @ForAll @IntRange(min = 100, max = 48_000) int rate,
            @ForAll @FloatRange(min = 0.01f, max = 2f) float seconds) {
        byte[] wav = new WavBuilder().fmt(1, 1, rate, 16).data(new byte[2 * samples]).build();
        long keep = (long) Math.floor(seconds * (double) rate);

        if (keep == 0) {
            return;
        }
        assertThat(WavReader.read(wav, "x", seconds).length()).isEqualTo((int) Math.min(samples, keep));
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
