package org.pockettts.audio;

import java.util.Arrays;
import org.pockettts.api.InvalidInputException;

/**
 * The sample encoding a WAV file declares in its {@code fmt } chunk, and the decoding of its frames
 * to mono floats.
 *
 * @param floating       IEEE float samples rather than integers
 * @param channels       interleaved channels per frame
 * @param sampleRate     frames per second
 * @param bytesPerSample bytes each sample occupies (1 to 4 for integers, 4 or 8 for floats)
 */
record WavFormat(boolean floating, int channels, int sampleRate, int bytesPerSample) {

    /** Most channels accepted: more than any recording of a voice has (third-order ambisonics has 16). */
    static final int MAX_CHANNELS = 64;
    /** Lowest sample rate accepted. */
    static final int MIN_SAMPLE_RATE = 1_000;
    /** Highest sample rate accepted: the highest in use (768 kHz). */
    static final int MAX_SAMPLE_RATE = 768_000;

    static final int PCM = 0x0001;
    static final int IEEE_FLOAT = 0x0003;
    static final int EXTENSIBLE = 0xFFFE;

    /** The tail that every WAVE_FORMAT_EXTENSIBLE sub-format GUID built from a plain format code shares. */
    private static final byte[] GUID_TAIL = {
        0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    /** Bytes of one frame: a sample of every channel. */
    int frameBytes() {
        return channels * bytesPerSample;
    }

    /**
     * Reads a {@code fmt } chunk body.
     *
     * @throws InvalidInputException for an encoding this reader cannot decode or an impossible header
     */
    static WavFormat parse(byte[] body, String source) {
        if (body.length < 16) {
            throw WavReader.problem(source, "its fmt chunk is " + body.length
                    + " bytes long, at least 16 are needed; the header is broken; " + WavReader.CONVERT);
        }
        int code = RiffInput.u16(body, 0);
        int channels = RiffInput.u16(body, 2);
        long sampleRate = RiffInput.u32(body, 4);
        int bitsPerSample = RiffInput.u16(body, 14);
        if (code == EXTENSIBLE) {
            code = extensibleSubFormat(body, source);
        }
        if (code != PCM && code != IEEE_FLOAT) {
            throw WavReader.problem(source, "its audio is encoded as " + formatName(code)
                    + ", which is not supported; only PCM integer and IEEE float WAV files can be read; "
                    + WavReader.CONVERT);
        }
        // Checked before anything is allocated for the samples: a header may claim anything.
        if (channels == 0) {
            throw WavReader.problem(source, "its header declares zero channels; the header is broken; "
                    + WavReader.CONVERT);
        }
        if (channels > MAX_CHANNELS) {
            throw WavReader.problem(source, "its header declares " + channels + " channels; at most " + MAX_CHANNELS
                    + " are supported; " + WavReader.CONVERT);
        }
        if (sampleRate == 0) {
            throw WavReader.problem(source, "its header declares a sample rate of 0 Hz; the header is broken; "
                    + WavReader.CONVERT);
        }
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw WavReader.problem(source, "its header declares a sample rate of " + sampleRate + " Hz; rates from "
                    + MIN_SAMPLE_RATE + " to " + MAX_SAMPLE_RATE + " Hz are supported; " + WavReader.CONVERT);
        }
        // Samples of fewer bits than their container are left-justified, so reading the whole
        // container gives the right value; the declared block align is ignored because some writers
        // get it wrong while the bit depth is always right.
        int bytesPerSample = (bitsPerSample + 7) / 8;
        boolean floating = code == IEEE_FLOAT;
        boolean supported = floating
                ? bitsPerSample == 32 || bitsPerSample == 64
                : bitsPerSample >= 1 && bitsPerSample <= 32;
        if (!supported) {
            throw WavReader.problem(source, "its samples are " + (floating ? "IEEE float" : "PCM integer")
                    + " with " + bitsPerSample + " bits, which is not supported; "
                    + "PCM needs 1 to 32 bits and float 32 or 64; " + WavReader.CONVERT);
        }
        return new WavFormat(floating, channels, (int) sampleRate, bytesPerSample);
    }

    private static int extensibleSubFormat(byte[] body, String source) {
        if (body.length < 40) {
            throw WavReader.problem(source, "its WAVE_FORMAT_EXTENSIBLE fmt chunk is " + body.length
                    + " bytes long, 40 are needed; the header is broken; " + WavReader.CONVERT);
        }
        long code = RiffInput.u32(body, 24);
        if (code > 0xFFFF || !Arrays.equals(body, 28, 40, GUID_TAIL, 0, GUID_TAIL.length)) {
            throw WavReader.problem(source, "its WAVE_FORMAT_EXTENSIBLE sub-format is an unknown GUID, which is"
                    + " not supported; only PCM integer and IEEE float WAV files can be read; "
                    + WavReader.CONVERT);
        }
        return (int) code;
    }

    /** A format code with its common name, for messages. */
    static String formatName(int code) {
        String name = switch (code) {
            case 0x0000 -> "unknown";
            case PCM -> "PCM";
            case 0x0002 -> "Microsoft ADPCM";
            case IEEE_FLOAT -> "IEEE float";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0022 -> "TrueSpeech";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG audio";
            case 0x0055 -> "MPEG Layer 3 (MP3)";
            case 0x0092 -> "Dolby AC-3";
            case 0x00FF, 0x1610 -> "AAC";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media Audio";
            case 0x2000 -> "AC-3";
            case 0x674F, 0x6750, 0x6751, 0x676F, 0x6770, 0x6771 -> "Ogg Vorbis";
            case 0xF1AC -> "FLAC";
            default -> null;
        };
        String hex = String.format("0x%04X", code);
        return name == null ? "format code " + hex : name + " (format code " + hex + ")";
    }

    /**
     * Decodes {@code frames} whole frames from {@code bytes} into {@code out[outOff...]}, averaging
     * the channels of each frame.
     *
     * @return the index of the first frame holding a NaN or infinite sample, or -1 when all are finite
     */
    int decode(byte[] bytes, int frames, float[] out, int outOff) {
        int stride = bytesPerSample;
        int badFrame = -1;
        int p = 0;
        for (int f = 0; f < frames; f++) {
            float value;
            if (channels == 1) {
                value = sample(bytes, p);
                p += stride;
            } else {
                // Double keeps the mean of many channels exact enough that the order does not matter.
                double sum = 0;
                for (int c = 0; c < channels; c++, p += stride) {
                    sum += sample(bytes, p);
                }
                value = (float) (sum / channels);
            }
            if (badFrame < 0 && !Float.isFinite(value)) {
                badFrame = f;
            }
            out[outOff + f] = value;
        }
        return badFrame;
    }

    private float sample(byte[] b, int p) {
        if (floating) {
            if (bytesPerSample == 4) {
                return Float.intBitsToFloat((int) RiffInput.u32(b, p));
            }
            return (float) Double.longBitsToDouble(RiffInput.i64(b, p));
        }
        // Integer samples scale by the container's full range, as int16 / 32768 does for 16 bits.
        return switch (bytesPerSample) {
            case 1 -> ((b[p] & 0xFF) - 128) / 128f;
            case 2 -> (short) RiffInput.u16(b, p) / 32768f;
            case 3 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608f;
            default -> (int) RiffInput.u32(b, p) / 2147483648f;
        };
    }
}
