package org.pockettts.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a location written in a model configuration ({@code weights_path}, {@code tokenizer_path},
 * a voice) into a local file. The built-in resolver handles file paths, relative to the
 * configuration's folder; remote locations ({@code hf://}, {@code http(s)://}) need a resolver that
 * downloads.
 */
@FunctionalInterface
public interface ModelFiles {

    /**
     * The local file for {@code location}.
     *
     * @param baseDir folder that relative paths are relative to (null: the working directory)
     * @throws IOException when the file cannot be had; the message says why
     */
    Path resolve(String location, Path baseDir) throws IOException;

    /** Whether {@code location} names a remote file rather than a local path. */
    static boolean isRemote(String location) {
        return location.startsWith("hf://") || location.startsWith("http://") || location.startsWith("https://");
    }

    /** Resolves local paths only; remote locations are refused with an explanation. */
    static ModelFiles localOnly() {
        return (location, baseDir) -> {
            if (isRemote(location)) {
                throw new IOException("Cannot fetch " + location + ": downloads are not enabled;"
                        + " download the file and give its local path instead");
            }
            Path path = Path.of(location.startsWith("file://") ? location.substring("file://".length()) : location);
            if (!path.isAbsolute() && baseDir != null) {
                path = baseDir.resolve(path);
            }
            if (!Files.isRegularFile(path)) {
                throw new java.nio.file.NoSuchFileException(path.toString(), null, "file not found");
            }
            return path;
        };
    }
}
