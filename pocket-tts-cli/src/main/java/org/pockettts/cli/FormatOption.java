package org.pockettts.cli;

import java.nio.file.Path;
import org.pockettts.api.InvalidInputException;
import org.pockettts.formats.AudioFormat;
import picocli.CommandLine.Option;

/** The audio format of the files a command writes. */
public final class FormatOption {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Audio format: wav (24 kHz 16-bit mono), pcm (raw 16-bit little-endian), mp3, opus (in Ogg) or"
                    + " flac. Default: wav; for generate, the one the output file's extension names (.wav .pcm .mp3"
                    + " .opus .ogg .flac), else wav.")
    String format;

    /** The format named, wav when none is. */
    public AudioFormat format() {
        return format == null ? AudioFormat.WAV : named(format);
    }

    /**
     * The format of the audio written to {@code file} (null: standard output): the one named, else
     * the one the file's extension names, else wav. A file whose extension names another format than
     * the one named is refused, so that no {@code .mp3} file holds a WAV.
     *
     * @throws InvalidInputException for an unknown format or one the file's extension contradicts
     */
    public AudioFormat formatFor(Path file) {
        AudioFormat byExtension = file == null ? null : byExtension(file);
        if (format == null) {
            return byExtension != null ? byExtension : AudioFormat.WAV;
        }
        AudioFormat named = named(format);
        if (byExtension != null && byExtension != named) {
            throw new InvalidInputException("--format " + named.formatName() + " does not fit the output file " + file
                    + ", whose extension is that of " + byExtension.formatName() + ": name the file ."
                    + named.extensions().getFirst() + ", or leave out --format");
        }
        return named;
    }

    private static AudioFormat byExtension(Path file) {
        try {
            return AudioFormat.fromFileName(file);
        } catch (IllegalArgumentException e) {
            // Not an audio extension (or none): the file's name says nothing about the format.
            return null;
        }
    }

    private static AudioFormat named(String name) {
        try {
            return AudioFormat.fromName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
