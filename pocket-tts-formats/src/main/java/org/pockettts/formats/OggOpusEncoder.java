package org.pockettts.formats;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.pockettts.audio.WavWriter;

/**
 * Opus (Concentus, a Java port of libopus 1.1) in Ogg as RFC 7845 lays it out: an {@code OpusHead}
 * page, an {@code OpusTags} page, then one page of 20 ms packets per write. The audio is encoded at
 * its own rate (Opus takes 8, 12, 16, 24 and 48 kHz); granule positions count 48 kHz samples, the
 * pre-skip is the encoder's look-ahead, and the last page's granule position trims the padding of the
 * last packet, so that a decoder returns exactly the samples written.
 */
final class OggOpusEncoder extends CodecEncoder {

    /**
     * 32 kbit/s, variable. The signal type stays automatic: forcing "voice" (SILK) changed the energy
     * of a sweep by up to 2.7 dB, the automatic choice keeps tones, sweeps and speech within 0.1 dB.
     */
    static final int BITRATE = 32_000;
    /** Concentus's complexity, 0–10; see the README for its cost. */
    static final int COMPLEXITY = 5;
    static final int[] SAMPLE_RATES = {8000, 12000, 16000, 24000, 48000};

    private static final int GRANULE_RATE = 48_000;
    /** Opus's longest packet for one frame. */
    private static final int MAX_PACKET = 1275;

    private final OpusEncoder opus;
    private final OggPageWriter ogg;
    private final int frameSize;
    private final int granulePerSample;
    private final int preSkip;
    private final short[] frame;
    private final byte[] packet = new byte[MAX_PACKET];
    private int frameFill;
    private long samplesIn;
    private long granule;

    OggOpusEncoder(EncodedOutput out, int sampleRate, String destination) throws IOException {
        super(AudioFormat.OPUS, out, sampleRate, destination);
        if (Arrays.stream(SAMPLE_RATES).noneMatch(r -> r == sampleRate)) {
            throw new IllegalArgumentException("opus cannot encode " + sampleRate + " Hz audio; its sample rates are "
                    + Arrays.stream(SAMPLE_RATES).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
        }
        try {
            opus = new OpusEncoder(sampleRate, 1, OpusApplication.OPUS_APPLICATION_AUDIO);
        } catch (OpusException e) {
            throw new IllegalStateException("the Opus encoder refused its settings: " + e.getMessage(), e);
        }
        opus.setBitrate(BITRATE);
        opus.setComplexity(COMPLEXITY);
        frameSize = sampleRate / 50;
        frame = new short[frameSize];
        granulePerSample = GRANULE_RATE / sampleRate;
        preSkip = opus.getLookahead() * granulePerSample;
        // Serial numbers are random so that streams can be chained or multiplexed (RFC 3533).
        ogg = new OggPageWriter(out, ThreadLocalRandom.current().nextInt());
        try {
            byte[] head = head(sampleRate, preSkip);
            ogg.addPacket(head, head.length, 0);
            ogg.flushPage(false);
            byte[] tags = tags();
            ogg.addPacket(tags, tags.length, 0);
            ogg.flushPage(false);
            out.flushWritten();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** The identification header, RFC 7845 section 5.1: mono, channel mapping family 0. */
    private static byte[] head(int sampleRate, int preSkip) {
        byte[] h = new byte[19];
        System.arraycopy("OpusHead".getBytes(StandardCharsets.US_ASCII), 0, h, 0, 8);
        h[8] = 1; // version
        h[9] = 1; // channels
        OggPageWriter.putLittleEndian(h, 10, preSkip, 2);
        OggPageWriter.putLittleEndian(h, 12, sampleRate, 4); // the input rate, for information
        // bytes 16..17: output gain 0 dB; byte 18: mapping family 0 (mono or stereo, no table)
        return h;
    }

    /** The comment header, RFC 7845 section 5.2: a vendor string and no comments. */
    private static byte[] tags() {
        byte[] vendor = "Pocket TTS for the JVM, Opus by Concentus".getBytes(StandardCharsets.UTF_8);
        byte[] t = new byte[8 + 4 + vendor.length + 4];
        System.arraycopy("OpusTags".getBytes(StandardCharsets.US_ASCII), 0, t, 0, 8);
        OggPageWriter.putLittleEndian(t, 8, vendor.length, 4);
        System.arraycopy(vendor, 0, t, 12, vendor.length);
        return t;
    }

    @Override
    void encode(float[] samples, int off, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            frame[frameFill++] = WavWriter.toPcm16(samples[off + i]);
            if (frameFill == frameSize) {
                encodeFrame(granule + (long) frameSize * granulePerSample);
            }
        }
        samplesIn += len;
        ogg.flushPage(false);
    }

    @Override
    void end() throws IOException {
        // Feed silence until the encoder's look-ahead has pushed every real sample into a packet;
        // the final granule position then tells the decoder where the audio ends.
        long end = preSkip + samplesIn * granulePerSample;
        while (granule < end) {
            Arrays.fill(frame, frameFill, frameSize, (short) 0);
            frameFill = frameSize;
            encodeFrame(Math.min(granule + (long) frameSize * granulePerSample, end));
        }
        ogg.flushPage(true);
    }

    private void encodeFrame(long granuleAfter) throws IOException {
        int bytes;
        try {
            bytes = opus.encode(frame, 0, frameSize, packet, 0, packet.length);
        } catch (OpusException e) {
            throw new IllegalStateException("the Opus encoder failed: " + e.getMessage(), e);
        }
        granule += (long) frameSize * granulePerSample;
        ogg.addPacket(packet, bytes, granuleAfter);
        frameFill = 0;
    }
}
