package org.pockettts.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pockettts.util.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hub download cache on disk, in the layout of huggingface_hub so that both tools share it:
 * <pre>
 * &lt;cache&gt;/models--&lt;owner&gt;--&lt;name&gt;/blobs/&lt;etag&gt;                  file contents, named by ETag
 *                                  /snapshots/&lt;commit&gt;/&lt;path&gt;        relative symbolic links to the blobs
 *                                  /refs/&lt;revision&gt;                 commit hash of a branch or tag
 * &lt;cache&gt;/.locks/models--&lt;owner&gt;--&lt;name&gt;/&lt;etag&gt;.lock            held while a blob downloads
 * </pre>
 * A blob being downloaded is {@code blobs/<etag>.incomplete} until it is whole and checked.
 */
final class HubCache {

    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);
    // ETags and commit hashes become file names: only plain names are accepted.
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path root;

    HubCache(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** The repository's folder, {@code models--owner--name}. */
    Path repositoryFolder(HubLocation location) {
        return root.resolve(folderName(location));
    }

    Path blob(HubLocation location, String etag) {
        return repositoryFolder(location).resolve("blobs").resolve(etag);
    }

    /** The part of a blob downloaded so far. */
    static Path incomplete(Path blob) {
        return blob.resolveSibling(blob.getFileName() + ".incomplete");
    }

    Path snapshot(HubLocation location, String commit) {
        return resolveSegments(repositoryFolder(location).resolve("snapshots").resolve(commit), location.path());
    }

    Path ref(HubLocation location) {
        return resolveSegments(repositoryFolder(location).resolve("refs"), location.revision());
    }

    Path lock(HubLocation location, String etag) {
        return root.resolve(".locks").resolve(folderName(location)).resolve(etag + ".lock");
    }

    /** Whether {@code name} (an ETag or commit hash from the server) can safely be a file name here. */
    static boolean isSafeName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches() && !name.contains("..") && !name.endsWith(".incomplete");
    }

    /** The commit hash that {@code refs/<revision>} points to, if recorded and readable. */
    Optional<String> readRef(HubLocation location) {
        Path ref = ref(location);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
            return isSafeName(commit) ? Optional.of(commit) : Optional.empty();
        } catch (IOException e) {
            // An unreadable ref only means the revision has to be asked for again.
            LOG.warn("Cannot read {}: {}", ref, e.getMessage());
            return Optional.empty();
        }
    }

    /** Records that the location's revision is at {@code commit}; huggingface_hub writes the hash without a newline. */
    void writeRef(HubLocation location, String commit) throws IOException {
        if (commit.equals(readRef(location).orElse(null))) {
            return;
        }
        Path ref = ref(location);
        Files.createDirectories(ref.getParent());
        AtomicFiles.write(ref, out -> out.write(commit.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The snapshot file of the location already in the cache, without asking the network: for a commit
     * hash its own snapshot, for a branch or tag the snapshot of the commit that {@code refs/} records.
     */
    Optional<Path> cachedSnapshot(HubLocation location) {
        Optional<String> commit = location.isCommitHash() ? Optional.of(location.revision()) : readRef(location);
        return commit.map(c -> snapshot(location, c)).filter(Files::isRegularFile);
    }

    /**
     * Makes {@code snapshot} show {@code blob}: a relative symbolic link as huggingface_hub makes (the
     * cache can then be moved), or a copy where the file system refuses links.
     */
    void link(Path blob, Path snapshot) throws IOException {
        Files.createDirectories(snapshot.getParent());
        Path target = snapshot.getParent().relativize(blob);
        // A left-over or dangling link would make createSymbolicLink fail.
        Files.deleteIfExists(snapshot);
        try {
            Files.createSymbolicLink(snapshot, target);
        } catch (FileAlreadyExistsException e) {
            // Another process linked it meanwhile: its link is just as good.
            if (!Files.isRegularFile(snapshot)) {
                throw e;
            }
        } catch (UnsupportedOperationException | FileSystemException e) {
            LOG.debug("Symbolic links are not available in {} ({}); copying the file instead", snapshot.getParent(), e.toString());
            Path copy = org.pockettts.util.AtomicFiles.createSibling(snapshot, ".copy");
            try {
                Files.copy(blob, copy, StandardCopyOption.REPLACE_EXISTING);
                AtomicFiles.move(copy, snapshot);
            } finally {
                Files.deleteIfExists(copy);
            }
        }
    }

    private static String folderName(HubLocation location) {
        return "models--" + location.owner() + "--" + location.repository();
    }

    /** Resolves a {@code /}-separated relative path one part at a time, so it works with any separator. */
    private static Path resolveSegments(Path base, String relative) {
        Path path = base;
        for (String segment : relative.split("/")) {
            path = path.resolve(segment);
        }
        return path;
    }
}
