package org.pockettts.batch;

import org.pockettts.GenerationOptions;
import org.pockettts.formats.AudioFormat;

/**
 * A row that follows every rule: what to speak, how, and into which file.
 *
 * @param ordinal the row's place in the table
 * @param position where the row is, for messages, or null
 * @param id the row's id, the name of its file
 * @param text what to speak
 * @param voice the voice, as a predefined name, file or URL
 * @param options generation options, with the row's seed and temperature
 * @param format the audio format of its file
 */
public record Job(long ordinal, String position, String id, String text, String voice, GenerationOptions options,
                  AudioFormat format) implements Checked {

    /** The file's name: {@code <id>.<extension>}, e.g. {@code intro.wav}. */
    public String fileName() {
        return OutputNames.fileName(id, format);
    }

    /** The seed the row is generated with. */
    public long seed() {
        return options.seed();
    }
}
