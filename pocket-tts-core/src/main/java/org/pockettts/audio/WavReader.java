package org.pockettts.audio;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.pockettts.api.InvalidInputException;

/**
 * Reads voice prompts from RIFF WAV files into mono {@link Audio}.
 *
 * <p>Accepted: integer PCM of 8 (unsigned) to 32 bits, IEEE float of 32 or 64 bits, plain or as
 * WAVE_FORMAT_EXTENSIBLE, RF64, sample rates from 1 kHz to 768 kHz, and 1 to 64 channels. Channels
 * are averaged into one (the reference concatenates them, which garbles stereo prompts). 16-bit samples become
 * exactly {@code int16 / 32768f}, as in the reference; other integer widths are scaled by their own
 * full range. Chunks other than {@code fmt } and {@code data} are skipped.
 *
 * <p>Files written while streaming carry a placeholder instead of the data size: 0, 0xFFFFFFFF or
 * the 10<sup>9</sup> frames that the reference's streaming writer (and {@link WavWriter#toStream})
 * declares. Their audio is read up to the end of the file.
 *
 * <p>Anything else is refused with an {@link InvalidInputException} whose message names the source,
 * the problem and what to do. A header is checked before anything is allocated for its samples,
 * and memory grows only with the audio actually read: a small file that declares a huge size, rate
 * or channel count costs no more than its bytes.
 */
public final class WavReader {

    /** A {@code maxSeconds} that keeps the whole prompt. */
    public static final double WHOLE = Double.POSITIVE_INFINITY;

    /** The data size, in frames, that the reference's streaming writer claims. */
    static final long STREAMING_FRAMES = 1_000_000_000L;
    static final long NO_SIZE = 0xFFFFFFFFL;

    static final String CONVERT = "convert it to a 16-bit PCM WAV file, for example with "
            + "'ffmpeg -i INPUT -ac 1 -c:a pcm_s16le prompt.wav'";
    /** Bytes read and decoded at a time. */
    private static final int BLOCK_BYTES = 1 << 16;
    /** Samples held at first; the array grows only with audio actually read, never with a declared size. */
    private static final int INITIAL_SAMPLES = 1 << 16;

    private WavReader() {
    }

    /** Reads the whole WAV file at {@code file}. */
    public static Audio read(Path file) {
        return read(file, WHOLE);
    }

    /**
     * Reads the WAV file at {@code file}, keeping at most its first {@code maxSeconds} seconds; the
     * rest is not read.
     */
    public static Audio read(Path file, double maxSeconds) {
        checkMaxSeconds(maxSeconds);
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw problem(source, "it is a folder, not a WAV file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return parse(in, source, maxSeconds);
        } catch (NoSuchFileException e) {
            throw problem(source, "the file does not exist", e);
        } catch (AccessDeniedException e) {
            throw problem(source, "permission denied", e);
        } catch (IOException e) {
            throw problem(source, String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Reads a whole WAV file from {@code in}, which is read no further than needed and not closed.
     *
     * @param source what to call the input in messages, such as an uploaded file's name
     */
    public static Audio read(InputStream in, String source) {
        return read(in, source, WHOLE);
    }

    /**
     * Reads a WAV file from {@code in}, keeping at most its first {@code maxSeconds} seconds. The
     * stream is read no further than needed and not closed.
     *
     * @param source what to call the input in messages, such as an uploaded file's name
     */
    public static Audio read(InputStream in, String source, double maxSeconds) {
        checkMaxSeconds(maxSeconds);
        try {
            return parse(in, source, maxSeconds);
        } catch (IOException e) {
            throw problem(source, String.valueOf(e.getMessage()), e);
        }
    }

    /** Reads a whole WAV file held in memory. */
    public static Audio read(byte[] wav, String source) {
        return read(wav, source, WHOLE);
    }

    /** Reads a WAV file held in memory, keeping at most its first {@code maxSeconds} seconds. */
    public static Audio read(byte[] wav, String source, double maxSeconds) {
        return read(new ByteArrayInputStream(wav), source, maxSeconds);
    }

    private static void checkMaxSeconds(double maxSeconds) {
        if (!(maxSeconds > 0)) {
            throw new IllegalArgumentException("maxSeconds must be positive, got " + maxSeconds);
        }
    }

    private static Audio parse(InputStream stream, String source, double maxSeconds) throws IOException {
        RiffInput in = new RiffInput(stream);
        byte[] head = in.readUpTo(12);
        if (head.length == 0) {
            throw problem(source, "it is empty (0 bytes); record or choose a WAV file with speech in it");
        }
        String magic = RiffInput.fourCc(head, 0);
        if (magic.equals("RIFX")) {
            throw problem(source, "it is a big-endian (RIFX) WAV file, which is not supported; " + CONVERT);
        }
        boolean rf64 = magic.equals("RF64");
        if (!magic.equals("RIFF") && !rf64) {
            throw problem(source, "it is not a WAV file (" + FileKind.describe(head) + "); " + CONVERT);
        }
        if (head.length < 12) {
            throw problem(source, "it ends after " + head.length + " bytes, inside the 12-byte RIFF header;"
                    + " the file is truncated, use a complete copy");
        }
        if (!RiffInput.fourCc(head, 8).equals("WAVE")) {
            throw problem(source, "it is a RIFF file of type '" + RiffInput.fourCc(head, 8)
                    + "', not a WAV file; " + CONVERT);
        }
        long riffSize = RiffInput.u32(head, 4);
        long ds64DataSize = -1;
        WavFormat format = null;
        chunks:
        while (true) {
            long chunkStart = in.position();
            byte[] header = in.readUpTo(8);
            if (header.length < 8) {
                break chunks;
            }
            String id = RiffInput.fourCc(header, 0);
            long size = RiffInput.u32(header, 4);
            switch (id) {
                case "fmt " -> format = WavFormat.parse(chunkBody(in, size, id, chunkStart, source), source);
                case "ds64" -> {
                    byte[] body = chunkBody(in, size, id, chunkStart, source);
                    if (rf64 && body.length >= 16) {
                        ds64DataSize = RiffInput.i64(body, 8);
                        if (ds64DataSize < 0) {
                            throw problem(source, "its ds64 chunk declares a negative data size; the header is"
                                    + " broken, " + CONVERT);
                        }
                    }
                }
                case "data" -> {
                    if (format == null) {
                        throw problem(source, "its data chunk comes before any fmt chunk, so the sample format is"
                                + " unknown; the header is broken, " + CONVERT);
                    }
                    long dataSize = size;
                    boolean toEnd;
                    if (rf64 && size == NO_SIZE && ds64DataSize >= 0) {
                        dataSize = ds64DataSize;
                        toEnd = false;
                    } else {
                        toEnd = isPlaceholder(size, format, riffSize, in.position());
                    }
                    return readData(in, format, toEnd ? -1 : dataSize, maxSeconds, source);
                }
                default -> {
                    long skip = size + (size & 1);
                    if (in.skipUpTo(skip) < skip) {
                        break chunks;
                    }
                }
            }
        }
        if (format == null) {
            throw problem(source, "it has no fmt chunk describing its samples; the header is broken or the file"
                    + " is truncated, " + CONVERT);
        }
        throw problem(source, "it has no data chunk, so there is no audio in it; the file is broken or truncated,"
                + " use a complete copy or " + CONVERT);
    }

    /** The body of a header chunk; a chunk cut short is a truncated header. */
    private static byte[] chunkBody(RiffInput in, long size, String id, long chunkStart, String source)
            throws IOException {
        if (size > 1 << 20) {
            throw problem(source, "its '" + id.strip() + "' chunk claims " + size + " bytes, far more than such a"
                    + " chunk holds; the header is broken, " + CONVERT);
        }
        byte[] body = in.readUpTo((int) size);
        if (body.length < size) {
            throw problem(source, "it ends inside its '" + id.strip() + "' header chunk (at byte "
                    + in.position() + " of a chunk starting at byte " + chunkStart
                    + "); the file is truncated, use a complete copy");
        }
        if ((size & 1) == 1) {
            in.skipUpTo(1);
        }
        return body;
    }

    /**
     * Whether a data chunk's declared size is a streaming writer's placeholder rather than a size. A
     * zero counts as one only when the RIFF size does not describe more of the file after it: a
     * truly empty data chunk may be followed by other chunks, which must not be taken for audio.
     */
    static boolean isPlaceholder(long dataSize, WavFormat format, long riffSize, long dataStart) {
        if (dataSize == NO_SIZE || dataSize == STREAMING_FRAMES * format.frameBytes()) {
            return true;
        }
        if (dataSize == 0) {
            boolean riffIsReal = riffSize != 0 && riffSize != NO_SIZE;
            return !riffIsReal || 8 + riffSize <= dataStart;
        }
        return false;
    }

    /**
     * Decodes the data chunk block by block; {@code declaredBytes} is -1 for "up to the end of the
     * stream". Only whole frames are kept.
     */
    private static Audio readData(RiffInput in, WavFormat format, long declaredBytes, double maxSeconds,
            String source) throws IOException {
        // At most 64 channels of 8 bytes: a frame is at most 512 bytes, so a block holds at least 128.
        int frameBytes = format.frameBytes();
        int blockFrames = BLOCK_BYTES / frameBytes;
        long maxFrames = maxSeconds == WHOLE ? Long.MAX_VALUE : (long) Math.floor(maxSeconds * format.sampleRate());
        long wanted = declaredBytes < 0 ? maxFrames : Math.min(maxFrames, declaredBytes / frameBytes);
        long dataStart = in.position();
        float[] samples = new float[(int) Math.min(wanted, INITIAL_SAMPLES)];
        byte[] block = new byte[blockFrames * frameBytes];
        int frames = 0;
        while (frames < wanted) {
            int want = (int) Math.min(blockFrames, wanted - frames);
            int got = in.read(block, 0, want * frameBytes);
            int whole = got / frameBytes;
            if (frames + whole > samples.length) {
                if (frames + (long) whole > Integer.MAX_VALUE - 8) {
                    throw problem(source, "it holds more frames than can be held in memory; use a shorter prompt");
                }
                samples = Arrays.copyOf(samples, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(
                        frames + (long) whole, 2L * samples.length)));
            }
            int bad = format.decode(block, whole, samples, frames);
            if (bad >= 0) {
                throw problem(source, String.format("it holds a NaN or infinite sample at %.3f s; the audio is"
                        + " corrupt, " + CONVERT, (frames + bad) / (double) format.sampleRate()));
            }
            frames += whole;
            if (got < want * frameBytes) {
                if (declaredBytes >= 0) {
                    long present = in.position() - dataStart;
                    throw problem(source, "its data chunk declares " + declaredBytes + " bytes but only " + present
                            + " are present; the file is truncated (cut off while copying or downloading?), use a"
                            + " complete copy");
                }
                break;
            }
        }
        if (frames == 0) {
            throw problem(source, "it contains no audio samples; record or choose a WAV file with speech in it");
        }
        return new Audio(frames == samples.length ? samples : Arrays.copyOf(samples, frames), format.sampleRate());
    }

    /** The exception for an unusable WAV input: what was read, what is wrong with it, what to do. */
    static InvalidInputException problem(String source, String what) {
        return new InvalidInputException("cannot read WAV file " + source + ": " + what);
    }

    private static InvalidInputException problem(String source, String what, IOException cause) {
        return new InvalidInputException("cannot read WAV file " + source + ": " + what, cause);
    }

    /** Guesses, from its first bytes, what kind of file something that is not a WAV file is. */
    private static final class FileKind {

        static String describe(byte[] head) {
            String text = new String(head, StandardCharsets.ISO_8859_1);
            if (text.startsWith("ID3") || head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
                return "it looks like an MP3 file";
            }
            if (text.startsWith("fLaC")) {
                return "it looks like a FLAC file";
            }
            if (text.startsWith("OggS")) {
                return "it looks like an Ogg (Vorbis or Opus) file";
            }
            if (text.startsWith("FORM")) {
                return "it looks like an AIFF file";
            }
            if (text.length() >= 8 && text.startsWith("ftyp", 4)) {
                return "it looks like an MP4/M4A file";
            }
            if (head.length >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45
                    && (head[2] & 0xFF) == 0xDF && (head[3] & 0xFF) == 0xA3) {
                return "it looks like a WebM/Matroska file";
            }
            if (looksLikeText(head)) {
                return "it looks like a text file";
            }
            return "it does not start with 'RIFF'";
        }

        private static boolean looksLikeText(byte[] head) {
            for (byte b : head) {
                int c = b & 0xFF;
                if (c < 0x09 || c > 0x0D && c < 0x20 || c == 0x7F) {
                    return false;
                }
            }
            return true;
        }
    }
}
