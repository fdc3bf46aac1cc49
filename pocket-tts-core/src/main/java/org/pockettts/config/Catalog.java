package org.pockettts.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.ModelFiles;

/**
 * What a model's publisher says besides its YAML: the behaviour it was published with, the
 * language its text is in, and its predefined voices. The built-in configurations set it (see
 * {@link Languages}); a configuration file gets {@link #forFile()}: behaviour 3.3, English, and the
 * voices of b6369a24.
 *
 * @param compat the behaviour used when none is chosen
 * @param language the language of the model's text, e.g. for reading numbers aloud
 * @param voices the names of the predefined voices, in the publisher's order
 * @param defaultVoice the voice used when none is given; one of {@code voices}
 * @param voiceLocation where the voice {@code name} is published: {@code {name}} stands for the name
 */
public record Catalog(Compat compat, Locale language, List<String> voices, String defaultVoice,
                      String voiceLocation) {

    public Catalog {
        Objects.requireNonNull(compat, "compat");
        Objects.requireNonNull(language, "language");
        voices = List.copyOf(voices);
        if (!voices.contains(defaultVoice)) {
            throw new IllegalArgumentException("the default voice " + defaultVoice + " is not one of " + voices);
        }
        if (!voiceLocation.contains(NAME)) {
            throw new IllegalArgumentException("the voice location names no " + NAME + ": " + voiceLocation);
        }
    }

    private static final String NAME = "{name}";

    /** The catalogue of a configuration file: behaviour 3.3, English, the voices of b6369a24. */
    public static Catalog forFile() {
        return Languages.VARIANT_CATALOG.withCompat(Compat.V3_3);
    }

    /** This catalogue with another default behaviour. */
    public Catalog withCompat(Compat value) {
        return new Catalog(value, language, voices, defaultVoice, voiceLocation);
    }

    /** Whether {@code name} is one of the predefined voices. */
    public boolean isPredefined(String name) {
        return voices.contains(name);
    }

    /**
     * Where the predefined voice {@code name} is published, pinned to a revision.
     *
     * @throws InvalidInputException if it is not one of {@link #voices()}
     */
    public String location(String name) {
        if (!isPredefined(name)) {
            throw unknown(name);
        }
        return voiceLocation.replace(NAME, name);
    }

    /**
     * Fails when {@code spec} can be seen to name no voice without loading anything: an unknown
     * name, or a local file that does not exist. URLs are checked when fetched.
     *
     * @throws InvalidInputException naming the problem and the voices there are
     */
    public void check(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("No voice given: name a predefined voice (" + String.join(", ", voices)
                    + ") or give a file");
        }
        if (isPredefined(spec) || ModelFiles.isRemote(spec)) {
            return;
        }
        boolean exists;
        try {
            exists = Files.exists(Path.of(spec));
        } catch (InvalidPathException e) {
            exists = false;
        }
        if (!exists) {
            throw looksLikeName(spec) ? unknown(spec) : new InvalidInputException("Voice file not found: " + spec);
        }
    }

    /** Whether {@code spec} reads as a voice name rather than a path: no folder separator, no dot. */
    public static boolean looksLikeName(String spec) {
        return !spec.contains("/") && !spec.contains("\\") && !spec.contains(".");
    }

    /** The error for a voice name that is not one of {@link #voices()}. */
    public InvalidInputException unknown(String name) {
        return new InvalidInputException("Unknown voice '" + name + "'. Available voices: " + String.join(", ", voices)
                + "; or give the path or URL of a WAV recording or of a voice .safetensors file");
    }
}
