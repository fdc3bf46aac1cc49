package org.pockettts.formats;

import de.sciss.jump3r.mp3.BitStream;
import de.sciss.jump3r.mp3.GainAnalysis;
import de.sciss.jump3r.mp3.ID3Tag;
import de.sciss.jump3r.mp3.Lame;
import de.sciss.jump3r.mp3.LameGlobalFlags;
import de.sciss.jump3r.mp3.MPEGMode;
import de.sciss.jump3r.mp3.Presets;
import de.sciss.jump3r.mp3.Quantize;
import de.sciss.jump3r.mp3.QuantizePVT;
import de.sciss.jump3r.mp3.Reservoir;
import de.sciss.jump3r.mp3.Takehiro;
import de.sciss.jump3r.mp3.VBRTag;
import de.sciss.jump3r.mp3.VbrMode;
import de.sciss.jump3r.mp3.Version;
import de.sciss.jump3r.mpg.Common;
import de.sciss.jump3r.mpg.Interface;
import de.sciss.jump3r.mpg.MPGLib;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * MP3 with jump3r, a Java port of LAME 3.98.4: mono, constant bit rate, no ID3 or Xing/LAME tag (a tag
 * would need the whole length, which a stream does not know; a constant bit rate lets players
 * compute the duration without one).
 *
 * <p>The first bytes leave once 800 samples (33 ms at 24 kHz) are in. LAME's encoder delay (576
 * samples) and a decoder's (529) are not marked without the tag, and the last frame is padded: ffmpeg
 * decodes 0.06 to 0.07 s more than was written. At 64 kbit/s LAME scales the input
 * by 0.95 (-0.45 dB) to leave room against clipping, as its presets do.
 */
final class Mp3Encoder extends CodecEncoder {

    /** 64 kbit/s: ample for 24 kHz mono speech, and within what MPEG-2 allows (8–160). */
    static final int BITRATE_KBPS = 64;
    /** LAME's algorithm quality, 0 (best, slowest) to 9; 5 is LAME's default trade-off. */
    static final int QUALITY = 5;
    /** Sample rates MPEG audio layer III has: MPEG-2.5, MPEG-2 and MPEG-1. */
    static final int[] SAMPLE_RATES = {8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000};

    /** Samples handed to LAME per call, which bounds the conversion and output buffers. */
    private static final int CHUNK = 4608;

    private final Lame lame = new Lame();
    private final LameGlobalFlags flags;
    private final int[] pcm = new int[CHUNK];
    /** LAME's documented worst case for a call: 1.25 bytes per sample plus 7200. */
    private final byte[] mp3 = new byte[CHUNK * 5 / 4 + 7200];

    Mp3Encoder(EncodedOutput out, int sampleRate, String destination) {
        super(AudioFormat.MP3, out, sampleRate, destination);
        if (Arrays.stream(SAMPLE_RATES).noneMatch(r -> r == sampleRate)) {
            throw new IllegalArgumentException("mp3 cannot store " + sampleRate + " Hz audio; its sample rates are "
                    + Arrays.stream(SAMPLE_RATES).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
        }
        flags = initialise(sampleRate);
    }

    private LameGlobalFlags initialise(int sampleRate) {
        // jump3r's modules reference each other; this wires those an encoder uses, as its LameEncoder does.
        GainAnalysis gain = new GainAnalysis();
        BitStream bitStream = new BitStream();
        Presets presets = new Presets();
        QuantizePVT quantizePvt = new QuantizePVT();
        Quantize quantize = new Quantize();
        VBRTag vbrTag = new VBRTag();
        Version version = new Version();
        ID3Tag id3 = new ID3Tag();
        Reservoir reservoir = new Reservoir();
        Takehiro takehiro = new Takehiro();
        MPGLib mpg = new MPGLib();
        Interface mpgInterface = new Interface();
        Common common = new Common();
        lame.setModules(gain, bitStream, presets, quantizePvt, quantize, vbrTag, version, id3, mpg);
        bitStream.setModules(gain, mpg, version, vbrTag);
        id3.setModules(bitStream, version);
        presets.setModules(lame);
        quantize.setModules(bitStream, reservoir, quantizePvt, takehiro);
        quantizePvt.setModules(takehiro, reservoir, lame.enc.psy);
        reservoir.setModules(bitStream);
        takehiro.setModules(quantizePvt);
        vbrTag.setModules(lame, bitStream, version);
        mpg.setModules(mpgInterface, common);
        mpgInterface.setModules(vbrTag, common);

        LameGlobalFlags gf = lame.lame_init();
        gf.num_channels = 1;
        gf.in_samplerate = sampleRate;
        gf.out_samplerate = sampleRate;
        gf.mode = MPEGMode.MONO;
        gf.VBR = VbrMode.vbr_off;
        gf.brate = BITRATE_KBPS;
        gf.quality = QUALITY;
        gf.bWriteVbrTag = false;
        gf.write_id3tag_automatic = false;
        gf.findReplayGain = false;
        int status = lame.lame_init_params(gf);
        if (status < 0) {
            throw new IllegalStateException("the MP3 encoder refused its settings (LAME status " + status + ")");
        }
        return gf;
    }

    @Override
    void encode(float[] samples, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int n = Math.min(CHUNK, len - done);
            for (int i = 0; i < n; i++) {
                // LAME's integer input is full-scale 32-bit; it keeps the float's precision.
                pcm[i] = (int) (Math.clamp(samples[off + done + i], -1f, 1f) * 2147483647.0);
            }
            int bytes = lame.lame_encode_buffer_int(flags, pcm, pcm, n, mp3, 0, mp3.length);
            check(bytes);
            out().write(mp3, 0, bytes);
            done += n;
        }
    }

    @Override
    void end() throws IOException {
        int bytes = lame.lame_encode_flush(flags, mp3, 0, mp3.length);
        check(bytes);
        out().write(mp3, 0, bytes);
    }

    @Override
    void release() {
        lame.lame_close(flags);
    }

    private static void check(int status) {
        if (status < 0) {
            throw new IllegalStateException("the MP3 encoder failed (LAME status " + status + ")");
        }
    }
}
