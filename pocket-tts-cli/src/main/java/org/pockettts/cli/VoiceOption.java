package org.pockettts.cli;

import picocli.CommandLine.Option;

/** The voice to speak in, shared by {@code generate} and {@code batch} (where it is the voice of rows that name none). */
public final class VoiceOption {

    @Option(names = "--voice", paramLabel = "VOICE",
            description = "The voice: a predefined name of the model (b6369a24: alba, marius, javert, jean, fantine,"
                    + " cosette, eponine, azelma; the languages: 27 voices, alba to vera), a WAV recording to clone,"
                    + " a voice file made by export-voice (.safetensors), or an http(s):// or hf:// URL of either."
                    + " Default: the model's (alba; giovanni, lola, juergen, rafael, estelle, daan for italian,"
                    + " spanish, german, portuguese, french, dutch).")
    String voice;

    /** The voice as given, or null for the model's default voice. */
    public String voice() {
        return voice;
    }
}
