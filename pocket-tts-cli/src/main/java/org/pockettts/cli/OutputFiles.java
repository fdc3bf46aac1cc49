package org.pockettts.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pockettts.api.InvalidInputException;

/** Checks made before any work, so that a long generation does not end in "cannot write". */
final class OutputFiles {

    private OutputFiles() {
    }

    /** Fails unless a file can be created at {@code target} (its folder exists and is writable; it is not a folder). */
    static void checkWritable(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException("Cannot write " + target + ": it is a folder; give a file name");
        }
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("Cannot write " + target + ": the folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new InvalidInputException("Cannot write " + target + ": the folder " + dir + " is not writable");
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new InvalidInputException("Cannot write " + target + ": the file exists and is read-only");
        }
    }
}
