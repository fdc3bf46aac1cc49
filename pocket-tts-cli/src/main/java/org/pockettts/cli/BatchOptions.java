package org.pockettts.cli;

import org.pockettts.TtsModel;
import org.pockettts.batch.RowDefaults;
import org.pockettts.hub.HubClient;
import picocli.CommandLine.Mixin;

/**
 * The options of a batch of rows, shared by {@code batch} and the Spark job: those of
 * {@code generate} (voice, speech and model) and the audio format. Options added to those mixins
 * reach both at once. A Spark executor rebuilds them from the job's arguments rather than receiving
 * a model.
 */
public final class BatchOptions {

    @Mixin
    VoiceOption voice;

    @Mixin
    SpeechOptions speech;

    @Mixin
    FormatOption format;

    @Mixin
    ModelOptions model;

    /**
     * What rows get for the columns they leave empty, the options checked.
     *
     * @throws org.pockettts.api.InvalidInputException naming an option that is out of range
     */
    public RowDefaults defaults(CliContext ctx) {
        return new RowDefaults(voice.voice(), speech.options(ctx), format.format(), model.language());
    }

    /** Loads the model, fetching its files through {@code hub}. */
    public TtsModel load(HubClient hub) {
        return model.load(model.configuration(hub), hub);
    }

    /** Whether {@code -q} asks for nothing but errors. */
    public boolean quiet() {
        return model.quiet;
    }
}
