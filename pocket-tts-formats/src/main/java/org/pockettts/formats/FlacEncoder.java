package org.pockettts.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.pockettts.audio.WavWriter;

/**
 * FLAC (RFC 9639): 16-bit mono, lossless, one frame per {@link #BLOCK_SIZE} samples, each leaving as
 * soon as its block is complete. On a stream the STREAMINFO block cannot know the length: its total
 * sample count, frame sizes and MD5 signature are 0, which the format defines as "unknown". In a file
 * they are filled in on completion.
 */
final class FlacEncoder extends CodecEncoder {

    /**
     * Samples per frame: one generated frame of speech (80 ms at 24 kHz), so that each leaves at once;
     * within the FLAC subset (at most 4608).
     */
    static final int BLOCK_SIZE = 1920;
    /** FLAC's STREAMINFO has 20 bits for the rate. */
    static final int MAX_SAMPLE_RATE = (1 << 20) - 1;

    private static final int STREAMINFO_AT = 8; // after "fLaC" and the metadata block header
    private static final int STREAMINFO_SIZE = 34;

    private final int sampleRate;
    private final FileChannel file;
    private final MessageDigest md5;
    private final FlacFrame frames;
    private final int[] block = new int[BLOCK_SIZE];
    private final byte[] md5Bytes = new byte[2 * BLOCK_SIZE];
    private int blockFill;
    private long frameNumber;
    private long samples;
    private int minFrameSize = Integer.MAX_VALUE;
    private int maxFrameSize;

    /**
     * @param file the file under {@code out} when it is one, to complete STREAMINFO in; else null
     */
    FlacEncoder(EncodedOutput out, FileChannel file, int sampleRate, String destination) throws IOException {
        super(AudioFormat.FLAC, out, sampleRate, destination);
        if (sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("flac cannot store " + sampleRate + " Hz audio; its highest rate is "
                    + MAX_SAMPLE_RATE + " Hz");
        }
        this.sampleRate = sampleRate;
        this.file = file;
        this.md5 = file == null ? null : newMd5();
        this.frames = new FlacFrame(sampleRate, BLOCK_SIZE);
        try {
            out.write(new byte[] {'f', 'L', 'a', 'C'});
            out.write(new byte[] {(byte) 0x80, 0, 0, STREAMINFO_SIZE}); // the last metadata block, STREAMINFO
            out.write(streamInfo(0, 0, 0, new byte[16]));
            out.flushWritten();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no MD5", e);
        }
    }

    @Override
    void encode(float[] x, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            block[blockFill++] = WavWriter.toPcm16(x[off + i]);
            if (blockFill == BLOCK_SIZE) {
                writeFrame();
            }
        }
    }

    @Override
    void end() throws IOException {
        if (blockFill > 0) {
            writeFrame();
        }
        if (file != null) {
            out().flush();
            ByteBuffer info = ByteBuffer.wrap(streamInfo(samples, minFrameSize, maxFrameSize, md5.digest()));
            while (info.hasRemaining()) {
                file.write(info, STREAMINFO_AT + info.position());
            }
        }
    }

    private void writeFrame() throws IOException {
        BitWriter frame = frames.encode(block, blockFill, frameNumber++);
        out().write(frame.array(), 0, frame.length());
        minFrameSize = Math.min(minFrameSize, frame.length());
        maxFrameSize = Math.max(maxFrameSize, frame.length());
        if (md5 != null) {
            // The signature covers the samples as little-endian 16-bit integers.
            for (int i = 0; i < blockFill; i++) {
                md5Bytes[2 * i] = (byte) block[i];
                md5Bytes[2 * i + 1] = (byte) (block[i] >> 8);
            }
            md5.update(md5Bytes, 0, 2 * blockFill);
        }
        samples += blockFill;
        blockFill = 0;
    }

    /** The STREAMINFO block body (RFC 9639, section 8.2); zeros stand for what is not known. */
    private byte[] streamInfo(long totalSamples, int minFrame, int maxFrame, byte[] signature) {
        BitWriter b = new BitWriter();
        b.write(BLOCK_SIZE, 16); // minimum block size (the last block may be shorter)
        b.write(BLOCK_SIZE, 16); // maximum block size
        b.write(totalSamples == 0 ? 0 : minFrame, 24);
        b.write(maxFrame, 24);
        b.write(sampleRate, 20);
        b.write(0, 3);           // channels - 1
        b.write(15, 5);          // bits per sample - 1
        b.write(totalSamples >>> 32, 4);
        b.write(totalSamples, 32);
        byte[] info = Arrays.copyOf(b.array(), STREAMINFO_SIZE);
        System.arraycopy(signature, 0, info, STREAMINFO_SIZE - 16, 16);
        return info;
    }
}
