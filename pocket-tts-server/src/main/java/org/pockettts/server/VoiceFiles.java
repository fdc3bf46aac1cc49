package org.pockettts.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Voice files fetched from clients' URLs, kept on disk so that a voice evicted from memory, or asked
 * for after a restart, is not downloaded again. Only files already checked to be a usable voice are
 * put here. The folder holds at most {@code capacityBytes}, least recently used out; it is private
 * to the server's user (0700, files 0600) since what clients fetched is nobody else's business.
 * Files are named by the SHA-256 of their URL and written whole or not at all.
 */
final class VoiceFiles {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceFiles.class);
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");
    private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;
    private final long capacityBytes;
    private final boolean posix;
    /** File name to size, least recently used first. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /**
     * Opens (creating it when missing) the cache in {@code folder}; files already there count, oldest
     * first out. A capacity of 0 keeps nothing.
     *
     * @throws UncheckedIOException when the folder cannot be made private or read
     */
    VoiceFiles(Path folder, long capacityBytes) {
        this.folder = folder;
        this.capacityBytes = capacityBytes;
        this.posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            if (capacityBytes > 0) {
                open();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use " + folder + " for fetched voice files: " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        if (posix) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
            Files.setPosixFilePermissions(folder, FOLDER_MODE);
        } else {
            Files.createDirectories(folder);
        }
        record Found(String name, long size, FileTime used) {
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
                    // Left over from a write that never finished.
                    if (name.endsWith(".part")) {
                        Files.deleteIfExists(file);
                    }
                    continue;
                }
                if (posix) {
                    Files.setPosixFilePermissions(file, FILE_MODE);
                }
                found.add(new Found(name, Files.size(file), Files.getLastModifiedTime(file)));
            }
        }
        found.sort(Comparator.comparing(Found::used).thenComparing(Found::name));
        synchronized (this) {
            for (Found f : found) {
                entries.put(f.name(), f.size());
                bytes += f.size();
            }
            evict();
        }
    }

    /** The file kept for {@code url}, now the most recently used, if any. */
    Optional<byte[]> get(String url) {
        String name = nameOf(url);
        synchronized (this) {
            if (entries.get(name) == null) {
                return Optional.empty();
            }
        }
        Path file = folder.resolve(name);
        try {
            byte[] content = Files.readAllBytes(file);
            // The order survives a restart: it is read back from the modification times.
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            return Optional.of(content);
        } catch (NoSuchFileException e) {
            forget(name);
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read the fetched voice file {}: {}", file, e.getMessage());
            forget(name);
            return Optional.empty();
        }
    }

    /** Keeps {@code content}, a checked voice file, for {@code url}; files beyond the capacity go. */
    void put(String url, byte[] content) {
        if (content.length > capacityBytes) {
            return;
        }
        String name = nameOf(url);
        Path part = null;
        try {
            FileAttribute<?>[] mode = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                    : new FileAttribute<?>[0];
            part = Files.createTempFile(folder, name + "-", ".part", mode);
            Files.write(part, content);
            move(part, folder.resolve(name));
        } catch (IOException e) {
            LOG.warn("Cannot keep a fetched voice file in {}: {}", folder, e.getMessage());
            deleteQuietly(part);
            return;
        }
        synchronized (this) {
            Long previous = entries.put(name, (long) content.length);
            bytes += content.length - (previous == null ? 0 : previous);
            evict();
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the least recently used files until the rest fit. Called with the lock held. */
    private void evict() {
        Iterator<Map.Entry<String, Long>> eldest = entries.entrySet().iterator();
        while (bytes > capacityBytes && eldest.hasNext()) {
            Map.Entry<String, Long> e = eldest.next();
            deleteQuietly(folder.resolve(e.getKey()));
            bytes -= e.getValue();
            eldest.remove();
        }
    }

    private synchronized void forget(String name) {
        Long size = entries.remove(name);
        if (size != null) {
            bytes -= size;
        }
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int entries() {
        return entries.size();
    }

    /** The file name of {@code url}'s entry. */
    static String nameOf(String url) {
        return VoiceLibrary.sha256(url.getBytes(StandardCharsets.UTF_8));
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete {}", file, e);
        }
    }
}
