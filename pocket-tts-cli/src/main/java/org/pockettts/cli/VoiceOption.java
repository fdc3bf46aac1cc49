package org.pockettts.cli;

import org.pockettts.PredefinedVoices;
import picocli.CommandLine.Option;

/** The voice to speak in, shared by {@code generate} and {@code batch} (where it is the voice of rows that name none). */
public final class VoiceOption {

    @Option(names = "--voice", paramLabel = "VOICE", defaultValue = PredefinedVoices.DEFAULT,
            description = "The voice: a predefined name (alba, marius, javert, jean, fantine, cosette, eponine,"
                    + " azelma), a WAV recording to clone, a voice file made by export-voice (.safetensors),"
                    + " or an http(s):// or hf:// URL of either. Default: ${DEFAULT-VALUE}.")
    String voice;

    /** The voice as given. */
    public String voice() {
        return voice;
    }
}
