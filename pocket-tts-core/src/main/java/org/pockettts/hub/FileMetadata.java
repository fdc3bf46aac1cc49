package org.pockettts.hub;

import java.net.URI;
import java.util.Optional;

/**
 * What the Hub says about a file before it is downloaded.
 *
 * @param commit the commit the revision is at ({@code X-Repo-Commit})
 * @param etag   the content's name in the cache: the SHA-256 of a large (LFS) file, the git hash of a small one
 * @param size   the size in bytes, or -1 when not given
 * @param source where to download the content from: the storage a large file redirects to, or the Hub
 */
record FileMetadata(String commit, String etag, long size, URI source) {

    /** The metadata in an answer; empty when the answer lacks what the Hub always sends. */
    static Optional<FileMetadata> of(HttpTransport.Answer answer, URI source) {
        String commit = answer.header("X-Repo-Commit").map(String::strip).orElse(null);
        // X-Linked-* describe the large file behind a redirect; the plain headers describe the answer itself.
        String etag = normalizeEtag(answer.header("X-Linked-Etag").or(() -> answer.header("ETag")).orElse(null));
        long size = parseSize(answer.header("X-Linked-Size").or(() -> answer.header("Content-Length")));
        if (!HubCache.isSafeName(commit) || !HubCache.isSafeName(etag)) {
            return Optional.empty();
        }
        return Optional.of(new FileMetadata(commit, etag, size, source));
    }

    /** Without the weak-validator prefix and the quotes: {@code W/"abc"} is {@code abc}. */
    static String normalizeEtag(String etag) {
        if (etag == null) {
            return null;
        }
        String value = etag.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static long parseSize(Optional<String> value) {
        try {
            long size = value.map(String::strip).map(Long::parseLong).orElse(-1L);
            return size >= 0 ? size : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
