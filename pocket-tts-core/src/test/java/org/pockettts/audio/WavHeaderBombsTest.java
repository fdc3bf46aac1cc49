package org.pockettts.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.pockettts.audio.WavBuilder.floats64;
import static org.pockettts.audio.WavBuilder.ints;
import static org.pockettts.audio.WavBuilder.le;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;

/**
 * Hand-made hostile headers: each is refused with one {@link InvalidInputException} naming the
 * problem, before anything is allocated for what the header claims. The bytes a read allocates are
 * measured by the JVM's own per-thread counter.
 */
class WavHeaderBombsTest {

    /** What reading a header may cost at most, whatever it claims: far below what the bombs ask for. */
    private static final long SMALL = 4L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The message of the refusal of {@code wav}, after checking it allocated little. */
    private static String refusal(byte[] wav) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Throwable t = catchThrowable(() -> WavReader.read(wav, "bomb.wav"));
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(t).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("cannot read WAV file bomb.wav: ");
        assertThat(allocated).as("bytes allocated refusing it").isLessThan(SMALL);
        return t.getMessage();
    }

    @Test
    void sixtyBytesDeclaring65535ChannelsAreRefusedUnallocated() {
        byte[] wav = new WavBuilder().fmt(1, 65535, 48000, 32).data(new byte[16]).build();
        assertThat(wav).hasSize(60);
        assertThat(refusal(wav)).contains("65535 channels", "at most 64");
    }

    @Test
    void float64With65535ChannelsIsRefusedNotANegativeArraySize() {
        byte[] wav = new WavBuilder().fmt(3, 65535, 48000, 64).data(new byte[16]).build();
        assertThat(refusal(wav)).contains("65535 channels");
    }

    @Test
    void sixtyFourChannelsOfFloat64AreTheMostThatIsRead() {
        double[] frame = new double[64];
        for (int c = 0; c < 64; c++) {
            frame[c] = c / 64.0;
        }
        Audio audio = WavReader.read(new WavBuilder().fmt(3, 64, 48000, 64).data(floats64(frame)).build(), "64.wav");
        // The mean of 0/64 … 63/64.
        assertThat(audio.samples()).containsExactly(63f / 128);
        assertThat(refusal(new WavBuilder().fmt(3, 65, 48000, 64).data(new byte[520]).build()))
                .contains("65 channels");
    }

    @Test
    void sampleRatesOutsideTheSupportedRangeAreRefused() {
        for (long rate : new long[] {999, 768_001, Integer.MAX_VALUE, 0xFFFFFFFFL}) {
            byte[] wav = new WavBuilder().fmt(1, 1, 8000, 16).data(ints(2, 1, 2)).build();
            le(wav, 24, rate, 4);
            assertThat(refusal(wav)).as("rate %d", rate).contains("sample rate of " + rate + " Hz");
        }
        assertThat(WavReader.read(new WavBuilder().fmt(1, 1, 1000, 16).data(ints(2, 1)).build(), "low").sampleRate())
                .isEqualTo(1000);
        assertThat(WavReader.read(new WavBuilder().fmt(1, 1, 768_000, 16).data(ints(2, 1)).build(), "high")
                .sampleRate()).isEqualTo(768_000);
    }

    @Test
    void aDataSizeOfFourGigabytesInAFewBytesIsATruncatedFile() {
        byte[] wav = new WavBuilder().fmt(1, 2, 48000, 16).chunk("data", 0xFFFFFFFEL, ints(2, 1, 2, 3, 4), false)
                .build();
        assertThat(refusal(wav)).contains("declares 4294967294 bytes but only 8 are present", "truncated");
    }

    @Test
    void aSkippedChunkClaimingFourGigabytesAllocatesNothing() {
        byte[] wav = new WavBuilder().fmt(1, 1, 24000, 16).chunk("LIST", 0xFFFFFFF0L, new byte[8], false).build();
        assertThat(refusal(wav)).contains("no data chunk");
    }

    @Test
    void aHeaderChunkClaimingFourGigabytesIsRefusedBeforeItIsRead() {
        byte[] wav = new WavBuilder().chunk("fmt ", 0xFFFFFFFFL, new byte[16], false).build();
        assertThat(refusal(wav)).contains("'fmt' chunk claims 4294967295 bytes");
    }

    @Test
    void aNegativeRf64DataSizeIsRefused() {
        byte[] ds64 = new byte[28];
        le(ds64, 8, -5, 8);
        byte[] wav = new WavBuilder().magic("RF64").riffSize(0xFFFFFFFFL).chunk("ds64", ds64)
                .fmt(1, 1, 24000, 16).chunk("data", 0xFFFFFFFFL, ints(2, 1, 2), false).build();
        assertThat(refusal(wav)).contains("negative data size");
    }

    @Test
    void aLyingBlockAlignIsIgnoredForTheBitDepth() {
        // 16-bit stereo with a block align of 3: frames are 4 bytes as the bits say, whatever the header claims.
        byte[] wav = new WavBuilder().fmt(1, 2, 24000, 16).data(ints(2, 16384, 0, -16384 & 0xFFFF, -16384 & 0xFFFF))
                .build();
        le(wav, 32, 3, 2);
        Audio audio = WavReader.read(wav, "odd.wav");
        assertThat(audio.samples()).containsExactly(0.25f, -0.5f);
    }

    @Test
    void aTruncatedHeaderAndAnEmptyDataChunkAreRefused() {
        byte[] whole = new WavBuilder().fmt(1, 1, 24000, 16).data(ints(2, 1)).build();
        assertThat(refusal(java.util.Arrays.copyOf(whole, 20))).contains("truncated");
        assertThat(refusal(new WavBuilder().fmt(1, 1, 24000, 16).data(new byte[0]).build()))
                .contains("no audio samples");
    }
}
