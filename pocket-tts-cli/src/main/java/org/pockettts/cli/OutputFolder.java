package org.pockettts.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.pockettts.api.InvalidInputException;
import org.pockettts.batch.OutputNames;
import org.pockettts.formats.AudioFormat;

/**
 * The output folder of a batch run, held for the run: created if needed, locked so that a second
 * run into it is refused (it could take the first one's temporary files for leftovers), and rid of
 * the temporary files a killed run left behind.
 */
final class OutputFolder implements AutoCloseable {

    /** The lock file, hidden in the folder; it stays, empty, after the run. */
    static final String LOCK = ".pocket-tts-batch.lock";

    private final Path dir;
    private final FileChannel lockFile;
    private final FileLock lock;

    private OutputFolder(Path dir, FileChannel lockFile, FileLock lock) {
        this.dir = dir;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Creates (if needed) and locks {@code dir}, and deletes the temporary files in it.
     *
     * @throws InvalidInputException when it cannot be created or written, or another run holds it
     */
    static OutputFolder open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException("Cannot create the output folder " + dir + ": a file has that name");
        } catch (IOException e) {
            throw new InvalidInputException("Cannot create the output folder " + dir + ": " + reason(e));
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot write in the output folder " + dir + ": " + reason(e));
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new InvalidInputException("Another batch run is writing to " + dir + "; wait for it to end or give"
                        + " another --output-dir");
            }
            OutputFolder folder = new OutputFolder(dir, channel, lock);
            folder.deleteTemporaryFiles();
            return folder;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof InvalidInputException i) {
                throw i;
            }
            throw new InvalidInputException("Cannot lock the output folder " + dir + ": " + e.getMessage());
        }
    }

    /** The lock, or null when another run holds it (in another process, or in this one). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** Where a file of the folder is. */
    Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Whether {@code file} exists and is complete ({@link OutputNames#isComplete}). */
    static boolean isComplete(Path file, AudioFormat format) {
        try (InputStream in = Files.newInputStream(file)) {
            return Files.isRegularFile(file)
                    && OutputNames.isComplete(format, Files.size(file), in.readNBytes(OutputNames.HEAD_BYTES));
        } catch (IOException e) {
            return false;
        }
    }

    private void deleteTemporaryFiles() throws IOException {
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(p -> OutputNames.isTemporary(p.getFileName().toString())).toList();
        }
        for (Path p : leftovers) {
            Files.deleteIfExists(p);
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "a folder on its path does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : "an I/O error";
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it too.
        }
        closeQuietly(lockFile);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing was written to it.
        }
    }
}
