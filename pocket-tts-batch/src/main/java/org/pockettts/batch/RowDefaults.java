package org.pockettts.batch;

import java.util.Objects;
import org.pockettts.GenerationOptions;
import org.pockettts.formats.AudioFormat;

/**
 * What a row gets for the columns it leaves empty: the options of the command (or job).
 *
 * @param voice the voice of rows that name none, or null for the model's default voice
 * @param options generation options; a row's {@code temperature} and seed replace theirs. Their
 *     seed, when not null, is the seed of rows that name none (instead of one made from the id)
 * @param format the audio format of rows that name none
 * @param modelLanguage the language the loaded model speaks ({@link Languages#canonical} form), or
 *     null when it is not known; a row's {@code language} must be this one
 */
public record RowDefaults(String voice, GenerationOptions options, AudioFormat format, String modelLanguage) {

    public RowDefaults {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(format, "format");
    }
}
