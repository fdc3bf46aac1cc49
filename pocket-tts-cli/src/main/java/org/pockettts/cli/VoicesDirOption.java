package org.pockettts.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.pockettts.SavedVoices;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;
import org.pockettts.config.Catalog;
import picocli.CommandLine.Option;

/**
 * The folder of saved voices ({@link SavedVoices}), shared by {@code generate} and {@code serve}: the
 * voices {@code serve}'s {@code /v1/audio/voices} saves, which {@code --voice NAME} names.
 */
final class VoicesDirOption {

    @Option(names = "--voices-dir", paramLabel = "DIR",
            description = "The folder of saved voices (those saved through the server's /v1/audio/voices), which"
                    + " --voice NAME may name. Default: $XDG_DATA_HOME/pocket-tts/voices, else"
                    + " ~/.local/share/pocket-tts/voices.")
    Path voicesDir;

    SavedVoices voices() {
        return new SavedVoices(voicesDir != null ? voicesDir : SavedVoices.defaultFolder());
    }

    /**
     * What to load for the voice {@code spec}: a predefined name or a URL as it is, the name of a
     * saved voice as its file, a local path as it is.
     *
     * @throws InvalidInputException for a name that is none of these, or a file that does not exist
     */
    String resolve(String spec, Catalog catalog) {
        if (spec == null || catalog.isPredefined(spec) || ModelFiles.isRemote(spec)) {
            catalog.check(spec);
            return spec;
        }
        SavedVoices saved = voices();
        Optional<Path> file = saved.file(spec);
        if (file.isPresent()) {
            return file.get().toString();
        }
        if (Catalog.looksLikeName(spec)) {
            List<String> names = saved.names();
            throw new InvalidInputException("Unknown voice '" + spec + "'. Available voices: "
                    + String.join(", ", catalog.voices()) + (names.isEmpty() ? "" : "; saved in "
                    + saved.folder() + ": " + String.join(", ", names))
                    + "; or give the path or URL of a WAV recording or of a voice .safetensors file");
        }
        catalog.check(spec);
        return spec;
    }
}
