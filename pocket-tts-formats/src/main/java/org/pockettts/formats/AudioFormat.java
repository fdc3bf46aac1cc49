package org.pockettts.formats;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.pockettts.audio.WavWriter;

/**
 * The audio formats speech can be delivered in, each encoded in pure Java while it is generated.
 *
 * <p>Every encoder takes mono float samples in [-1, 1] and ends the audio with the reference's
 * closing silence (0.2 s, {@link WavWriter#tailSilenceSamples}), so that the same speech lasts as long
 * in every format. The lossless formats (wav, pcm, flac) store each sample as the reference's WAV
 * writer does, {@code int16(clamp(x, -1, 1) * 32767)} truncated toward zero ({@link WavWriter#toPcm16}).
 */
public enum AudioFormat {

    /** 16-bit PCM WAV; on a stream its header carries the reference's placeholder sizes. */
    WAV("wav", "audio/wav", "wav"),
    /** Raw signed 16-bit little-endian samples without a header (OpenAI's {@code pcm}). */
    PCM("pcm", "audio/pcm", "pcm"),
    /** MPEG-2 Layer III, constant bit rate, no tags. */
    MP3("mp3", "audio/mpeg", "mp3"),
    /** Opus in an Ogg container (RFC 7845). */
    OPUS("opus", "audio/ogg", "opus", "ogg"),
    /** FLAC, 16 bits, lossless. */
    FLAC("flac", "audio/flac", "flac");

    private final String formatName;
    private final String contentType;
    private final List<String> extensions;

    AudioFormat(String formatName, String contentType, String... extensions) {
        this.formatName = formatName;
        this.contentType = contentType;
        this.extensions = List.of(extensions);
    }

    /** The name users give ({@code response_format}, {@code --format}): {@code wav}, {@code mp3}, … */
    public String formatName() {
        return formatName;
    }

    /** The HTTP {@code Content-Type} of the encoded audio. */
    public String contentType() {
        return contentType;
    }

    /** File name extensions, without the dot; the first is the one to give new files. */
    public List<String> extensions() {
        return extensions;
    }

    /** All format names, in declaration order: {@code [wav, pcm, mp3, opus, flac]}. */
    public static List<String> names() {
        return Arrays.stream(values()).map(AudioFormat::formatName).toList();
    }

    /**
     * The format called {@code name} (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException for any other name (such as {@code aac}), with a message
     *                                  naming it and listing the supported formats
     */
    public static AudioFormat fromName(String name) {
        Objects.requireNonNull(name, "name");
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (AudioFormat f : values()) {
            if (f.formatName.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("Unsupported audio format '" + name + "': the supported formats are "
                + String.join(", ", names()));
    }

    /**
     * The format a file name asks for by its extension (case-insensitive): {@code .wav .pcm .mp3
     * .opus .ogg .flac}.
     *
     * @throws IllegalArgumentException when the name has no extension or another one, with a message
     *                                  listing the supported extensions
     */
    public static AudioFormat fromFileName(Path file) {
        Path name = Objects.requireNonNull(file, "file").getFileName();
        String fileName = name == null ? "" : name.toString();
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (AudioFormat f : values()) {
            if (f.extensions.contains(extension)) {
                return f;
            }
        }
        String supported = Arrays.stream(values()).flatMap(f -> f.extensions.stream())
                .map(e -> "." + e).collect(Collectors.joining(" "));
        String problem = dot < 0 ? "has no extension" : "ends in ." + extension;
        throw new IllegalArgumentException("Cannot tell the audio format of '" + fileName + "': the name " + problem
                + "; use one of " + supported + " or name the format");
    }

    /**
     * Starts encoding to {@code out}, which cannot seek: headers leave at once, and every
     * {@link AudioEncoder#write} sends (and flushes) what the codec has produced. {@code out} is
     * never closed by the encoder.
     *
     * @throws IllegalArgumentException for a sample rate the codec cannot take (see the README)
     * @throws IOException              when the header cannot be written
     */
    public AudioEncoder newEncoder(OutputStream out, int sampleRate) throws IOException {
        Objects.requireNonNull(out, "out");
        checkRate(sampleRate);
        if (this == WAV) {
            return WavEncoder.toStream(out, sampleRate);
        }
        EncodedOutput encoded = new EncodedOutput(out);
        return codecEncoder(encoded, null, sampleRate, "the " + label() + " stream");
    }

    /**
     * Starts a file at {@code target} that appears, whole and replacing any file there, only when
     * {@link AudioEncoder#finish()} completes; until then the audio goes to a hidden temporary file
     * beside it, which {@link AudioEncoder#close()} without finishing removes. A WAV file gets its
     * true sizes and a FLAC file its total length and MD5 signature.
     *
     * @throws IOException with the path and reason when the file cannot be created
     */
    public AudioEncoder newFileEncoder(Path target, int sampleRate) throws IOException {
        Objects.requireNonNull(target, "target");
        checkRate(sampleRate);
        if (this == WAV) {
            return WavEncoder.toFile(target, sampleRate);
        }
        return FileEncoder.open(this, target, sampleRate);
    }

    /**
     * The encoder of a format other than WAV, writing to {@code out}; {@code file} is the file under
     * it, which a FLAC encoder seeks in to complete its header, or null for a stream.
     */
    CodecEncoder codecEncoder(EncodedOutput out, FileChannel file, int sampleRate, String destination)
            throws IOException {
        return switch (this) {
            case WAV -> throw new IllegalStateException("WAV is written by the engine's WavWriter");
            case PCM -> new PcmEncoder(out, sampleRate, destination);
            case MP3 -> new Mp3Encoder(out, sampleRate, destination);
            case OPUS -> new OggOpusEncoder(out, sampleRate, destination);
            case FLAC -> new FlacEncoder(out, file, sampleRate, destination);
        };
    }

    /** The name in messages: {@code MP3}, {@code Opus}, … */
    String label() {
        return this == OPUS ? "Opus" : name();
    }

    private void checkRate(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }
}
