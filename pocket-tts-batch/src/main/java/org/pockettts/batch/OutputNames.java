package org.pockettts.batch;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.pockettts.formats.AudioFormat;

/**
 * The names of the files in an output folder: each row's audio file, the hidden temporary files
 * that become them, and what makes an audio file complete.
 */
public final class OutputNames {

    /** The manifest's name in the output folder of {@code batch}. */
    public static final String MANIFEST = "manifest.jsonl";

    /** Bytes of a file's start that {@link #isComplete} looks at. */
    public static final int HEAD_BYTES = 44;

    /**
     * A temporary file: {@code .<name>.<hex>.part}, where {@code <name>} is an audio file or the
     * manifest: {@link #temporaryName}, and the audio encoders' files.
     */
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.[0-9a-f]{1,32}\\.part");

    private OutputNames() {
    }

    /**
     * A new name for a temporary file that is to become {@code target}: {@code .<target>.<16 hex
     * digits>.part}, hidden, beside it, and unique by its random part.
     */
    public static String temporaryName(String target) {
        return "." + target + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".part";
    }

    /** {@code <id>.<extension>}: the format's first extension ({@code opus} for Opus). */
    public static String fileName(String id, AudioFormat format) {
        return id + "." + format.extensions().getFirst();
    }

    /**
     * Whether {@code name} is a temporary file of a row's audio or of the manifest, left behind by a
     * run that was killed; nothing else in the folder matches, so such files may be deleted when no
     * run is writing.
     */
    public static boolean isTemporary(String name) {
        var m = TEMPORARY.matcher(name);
        if (!m.matches()) {
            return false;
        }
        String target = m.group(1);
        if (target.equals(MANIFEST)) {
            return true;
        }
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || !RowRules.isValidId(target.substring(0, dot))) {
            return false;
        }
        String extension = target.substring(dot + 1);
        for (AudioFormat f : AudioFormat.values()) {
            if (f.extensions().getFirst().equals(extension)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an audio file of {@code format} that is {@code size} bytes long and starts with
     * {@code head} (its first {@link #HEAD_BYTES} bytes, or all of a shorter file) is complete.
     * Files are written under a temporary name and renamed once finished and on disk, so a file
     * under its final name is complete unless something else put it there; to catch that, it must
     * not be empty and must start with its format's signature: {@code RIFF…WAVE} with the RIFF and
     * data sizes of the file's length (wav), {@code fLaC} (flac), {@code OggS} (opus), an MPEG audio
     * frame header (mp3); pcm, which has no header, an even length.
     */
    public static boolean isComplete(AudioFormat format, long size, byte[] head) {
        if (size <= 0) {
            return false;
        }
        return switch (format) {
            case WAV -> size >= HEAD_BYTES && head.length >= HEAD_BYTES && ascii(head, 0, "RIFF")
                    && ascii(head, 8, "WAVE") && ascii(head, 36, "data")
                    && u32(head, 4) == size - 8 && u32(head, 40) == size - HEAD_BYTES;
            case PCM -> size % 2 == 0;
            case FLAC -> ascii(head, 0, "fLaC");
            case OPUS -> ascii(head, 0, "OggS");
            case MP3 -> head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xe0) == 0xe0;
        };
    }

    private static boolean ascii(byte[] b, int at, String s) {
        byte[] expected = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (b[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static long u32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
