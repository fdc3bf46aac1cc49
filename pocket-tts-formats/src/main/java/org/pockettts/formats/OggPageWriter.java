package org.pockettts.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one logical Ogg bitstream (RFC 3533) of whole packets: packets are gathered into a page,
 * which leaves on {@link #flushPage} or when its 255 lacing values are used up. A page's granule
 * position is that of the last packet it completes. Packets never span pages, which is all Opus
 * needs (its packets are at most 1275 bytes per 20 ms frame, far below a page's 65025).
 */
final class OggPageWriter {

    private static final int MAX_SEGMENTS = 255;
    private static final int HEADER_SIZE = 27;
    private static final int FLAG_BEGIN = 0x02;
    private static final int FLAG_END = 0x04;
    /** Ogg's CRC-32: polynomial 0x04C11DB7, initial value 0, not reflected, no final XOR. */
    private static final int[] CRC_TABLE = crcTable(0x04C11DB7);

    private final OutputStream out;
    private final int serial;
    private final byte[] segments = new byte[MAX_SEGMENTS];
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int segmentCount;
    private int sequence;
    private long granule;

    OggPageWriter(OutputStream out, int serial) {
        this.out = out;
        this.serial = serial;
    }

    /** Adds a packet to the current page; {@code granuleAfter} is the stream position at its end. */
    void addPacket(byte[] packet, int len, long granuleAfter) throws IOException {
        int laces = len / 255 + 1;
        if (laces > MAX_SEGMENTS) {
            throw new IllegalArgumentException("an Ogg packet of " + len + " bytes does not fit in one page");
        }
        if (segmentCount + laces > MAX_SEGMENTS) {
            flushPage(false);
        }
        // A packet is 255-byte segments and a last one shorter than 255 (possibly empty) that ends it.
        for (int i = 0; i < laces - 1; i++) {
            segments[segmentCount++] = (byte) 255;
        }
        segments[segmentCount++] = (byte) (len % 255);
        body.write(packet, 0, len);
        granule = granuleAfter;
    }

    /** Writes the gathered packets as a page, the stream's last if {@code end}; nothing if there are none. */
    void flushPage(boolean end) throws IOException {
        if (segmentCount == 0) {
            return;
        }
        byte[] page = new byte[HEADER_SIZE + segmentCount + body.size()];
        page[0] = 'O';
        page[1] = 'g';
        page[2] = 'g';
        page[3] = 'S';
        page[4] = 0; // stream structure version
        page[5] = (byte) ((sequence == 0 ? FLAG_BEGIN : 0) | (end ? FLAG_END : 0));
        putLittleEndian(page, 6, granule, 8);
        putLittleEndian(page, 14, serial, 4);
        putLittleEndian(page, 18, sequence, 4);
        // bytes 22..25: the CRC, computed with the field at zero
        page[26] = (byte) segmentCount;
        System.arraycopy(segments, 0, page, HEADER_SIZE, segmentCount);
        System.arraycopy(body.toByteArray(), 0, page, HEADER_SIZE + segmentCount, body.size());
        putLittleEndian(page, 22, crc(page), 4);
        out.write(page);
        sequence++;
        segmentCount = 0;
        body.reset();
    }

    private static int crc(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable(int polynomial) {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ polynomial : r << 1;
            }
            table[i] = r;
        }
        return table;
    }

    static void putLittleEndian(byte[] b, int off, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b[off + i] = (byte) (value >>> (8 * i));
        }
    }
}
