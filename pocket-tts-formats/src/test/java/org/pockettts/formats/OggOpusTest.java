package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Ogg Opus layout of RFC 7845, read back page by page, and its exact length as ffmpeg decodes it. */
class OggOpusTest {

    private record Page(int flags, long granule, int serial, int sequence, List<byte[]> packets) {
    }

    @Test
    void decodesToExactlyTheSamplesWrittenAt48kHz() {
        Decoder.assumeFfmpeg();
        for (int samples : new int[] {0, 1, 479, 480, 12_345, 48_000}) {
            float[] audio = Signals.chirp(300, 3000, samples / 24_000.0, 0.4);
            short[] decoded = Decoder.decode(Encoding.encode(AudioFormat.OPUS, audio), AudioFormat.OPUS, 48_000);
            // Pre-skip and the last page's granule position trim the codec's delay and padding.
            assertThat(decoded.length).as("48 kHz samples decoded from %d written", samples)
                    .isEqualTo(2 * (samples + 4800));
        }
    }

    @Test
    void pagesFollowRfc7845() {
        float[] audio = Signals.chirp(300, 3000, 1.0, 0.4);
        List<Page> pages = pages(Encoding.encode(AudioFormat.OPUS, audio));

        Page head = pages.get(0);
        assertThat(head.flags()).as("first page: beginning of stream").isEqualTo(0x02);
        assertThat(head.granule()).isZero();
        assertThat(head.packets()).hasSize(1);
        ByteBuffer h = ByteBuffer.wrap(head.packets().getFirst()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.limit()).isEqualTo(19);
        assertThat(new String(head.packets().getFirst(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusHead");
        assertThat(h.get(8)).as("version").isEqualTo((byte) 1);
        assertThat(h.get(9)).as("channels").isEqualTo((byte) 1);
        int preSkip = Short.toUnsignedInt(h.getShort(10));
        assertThat(preSkip).as("pre-skip").isBetween(1, 3840);
        assertThat(h.getInt(12)).as("input sample rate").isEqualTo(24_000);
        assertThat(h.getShort(16)).as("output gain").isZero();
        assertThat(h.get(18)).as("channel mapping family").isZero();

        Page tags = pages.get(1);
        assertThat(tags.flags()).isZero();
        assertThat(tags.granule()).isZero();
        assertThat(tags.packets()).hasSize(1);
        assertThat(new String(tags.packets().getFirst(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("OpusTags");

        long previous = 0;
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            assertThat(p.sequence()).isEqualTo(i);
            assertThat(p.serial()).isEqualTo(head.serial());
            assertThat(p.granule()).as("granule positions never decrease").isGreaterThanOrEqualTo(previous);
            previous = p.granule();
            assertThat(p.flags() & 0x04).as("end of stream on the last page only").isEqualTo(i == pages.size() - 1 ? 4 : 0);
            assertThat(p.flags() & 0x01).as("no packet continues across pages").isZero();
        }
        assertThat(pages.getLast().granule()).as("final granule position").isEqualTo(preSkip + 2L * (audio.length + 4800));
        // 20 ms packets: the TOC byte's configuration names a 20 ms frame (RFC 6716, section 3.1).
        for (Page p : pages.subList(2, pages.size())) {
            for (byte[] packet : p.packets()) {
                int config = (packet[0] & 0xFF) >>> 3;
                assertThat(List.of(1, 5, 9, 13, 15, 19, 23, 27, 31)).as("TOC config").contains(config);
            }
        }
    }

    /** Ten seconds in one write: 510 packets, more than a page's 255 lacing values hold, on several pages. */
    @Test
    void aLongWriteSpreadsOverPages() {
        float[] audio = Signals.noise(5, 240_000, 0.3);
        byte[] ogg = Encoding.encode(AudioFormat.OPUS, audio, audio.length);
        List<Page> all = pages(ogg);
        List<Page> audioPages = all.subList(2, all.size());
        int packets = audioPages.stream().mapToInt(p -> p.packets().size()).sum();
        assertThat(audioPages.size()).as("audio pages").isGreaterThan(2);
        assertThat(packets).as("20 ms packets for the audio, the silence and the look-ahead")
                .isEqualTo((240_000 + 4800) / 480 + 1);
        Decoder.assumeFfmpeg();
        assertThat(Decoder.decode(ogg, AudioFormat.OPUS, 48_000)).hasSize(2 * (240_000 + 4800));
    }

    /** Splits an Ogg stream into pages and packets, checking each page's CRC with a bit-by-bit CRC-32. */
    private static List<Page> pages(byte[] ogg) {
        List<Page> pages = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < ogg.length) {
            assertThat(new String(ogg, at, 4, StandardCharsets.US_ASCII)).as("capture pattern at " + at).isEqualTo("OggS");
            assertThat(ogg[at + 4]).as("version").isZero();
            int segments = ogg[at + 26] & 0xFF;
            int bodyAt = at + 27 + segments;
            List<byte[]> packets = new ArrayList<>();
            int packetStart = bodyAt;
            int p = bodyAt;
            for (int s = 0; s < segments; s++) {
                int lace = ogg[at + 27 + s] & 0xFF;
                p += lace;
                if (lace < 255) {
                    packets.add(Arrays.copyOfRange(ogg, packetStart, p));
                    packetStart = p;
                }
            }
            byte[] page = Arrays.copyOfRange(ogg, at, p);
            int stored = b.getInt(at + 22);
            Arrays.fill(page, 22, 26, (byte) 0);
            assertThat(bitwiseCrc(page)).as("CRC of page at " + at).isEqualTo(stored);
            pages.add(new Page(ogg[at + 5], b.getLong(at + 6), b.getInt(at + 14), b.getInt(at + 18), packets));
            at = p;
        }
        return pages;
    }

    private static int bitwiseCrc(byte[] data) {
        int crc = 0;
        for (byte value : data) {
            for (int bit = 7; bit >= 0; bit--) {
                boolean top = ((crc >>> 31) ^ ((value >>> bit) & 1)) != 0;
                crc <<= 1;
                if (top) {
                    crc ^= 0x04C11DB7;
                }
            }
        }
        return crc;
    }
}
