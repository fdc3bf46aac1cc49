package org.pockettts.cli;

import org.pockettts.api.InvalidInputException;
import org.pockettts.formats.AudioFormat;
import picocli.CommandLine.Option;

/** The audio format of the files a command writes. */
public final class FormatOption {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "wav",
            description = "Audio format of the files: wav (24 kHz 16-bit mono), pcm (raw 16-bit little-endian), mp3,"
                    + " opus (in Ogg) or flac. Default: ${DEFAULT-VALUE}.")
    String format;

    /** The format named. */
    public AudioFormat format() {
        try {
            return AudioFormat.fromName(format);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }
}
