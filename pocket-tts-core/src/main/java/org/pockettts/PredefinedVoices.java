package org.pockettts;

import org.pockettts.api.ModelFiles;
import org.pockettts.api.InvalidInputException;
import java.util.List;

/**
 * The voices published with Pocket TTS as ready-made voice embeddings on the Hugging Face Hub. They
 * work with the weights with or without voice cloning, and load instantly.
 */
public final class PredefinedVoices {

    /** The names, in the reference's order; {@code alba} is the default voice. */
    public static final List<String> NAMES =
            List.of("alba", "marius", "javert", "jean", "fantine", "cosette", "eponine", "azelma");

    /** The voice used when none is given. */
    public static final String DEFAULT = "alba";

    private static final String REPOSITORY = "hf://kyutai/pocket-tts-without-voice-cloning/embeddings/";
    private static final String REVISION = "d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3";

    private PredefinedVoices() {
    }

    public static boolean isPredefined(String name) {
        return NAMES.contains(name);
    }

    /** Where the embedding of {@code name} is published, pinned to a revision. */
    public static String location(String name) {
        if (!isPredefined(name)) {
            throw unknown(name);
        }
        return REPOSITORY + name + ".safetensors@" + REVISION;
    }

    /**
     * Fails when {@code spec} can be seen to name no voice without loading anything: an unknown
     * name, or a local file that does not exist. URLs are checked when fetched.
     */
    public static void check(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("No voice given: name a predefined voice (" + String.join(", ", NAMES)
                    + ") or give a file");
        }
        if (isPredefined(spec) || ModelFiles.isRemote(spec)) {
            return;
        }
        if (!java.nio.file.Files.exists(java.nio.file.Path.of(spec))) {
            boolean looksLikeName = !spec.contains("/") && !spec.contains("\\") && !spec.contains(".");
            throw looksLikeName ? unknown(spec) : new InvalidInputException("Voice file not found: " + spec);
        }
    }

    static InvalidInputException unknown(String name) {
        return new InvalidInputException("Unknown voice '" + name + "'. Available voices: " + String.join(", ", NAMES)
                + "; or give the path or URL of a WAV recording or of a voice .safetensors file");
    }
}
