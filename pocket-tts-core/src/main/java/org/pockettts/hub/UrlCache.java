package org.pockettts.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Files from plain {@code http(s)://} addresses, cached as {@code <folder>/<sha256 of the address>.<extension>}
 * like the Python {@code pocket-tts} does. Such an address promises nothing about its content staying
 * the same, so a file is downloaded once, whole, and never continued from a partial download.
 */
final class UrlCache {

    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,16}");

    private final HubSettings settings;
    private final HttpTransport transport;

    UrlCache(HubSettings settings, HttpTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    /** The cached file of {@code url}, downloaded first when missing. */
    Path resolve(URI url, DownloadListener listener) throws IOException {
        Path folder = settings.urlCache();
        String name = fileName(url);
        Path target = folder.resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        if (settings.offline()) {
            throw Failures.notCachedOffline(url.toString(), folder);
        }
        try (DownloadLock _ = lock(folder.resolve(".locks").resolve(name + ".lock"), url)) {
            if (!Files.isRegularFile(target)) {
                new FileDownload(transport, listener).run(new FileDownload.Request(url, target, -1, null, false,
                        url.toString(), lastSegment(url), (u, status, headers) -> Failures.urlStatus(u, status)));
            }
        }
        return target;
    }

    /** The cache's name for the file of {@code url}. */
    static String fileName(URI url) {
        String segment = lastSegment(url);
        int dot = segment.lastIndexOf('.');
        String extension = dot > 0 ? segment.substring(dot) : "";
        return sha256Hex(url.toString()) + (EXTENSION.matcher(extension).matches() ? extension : "");
    }

    private static DownloadLock lock(Path lockFile, URI url) throws IOException {
        try {
            return DownloadLock.acquire(lockFile, url.toString());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw Failures.cannotWrite(url.toString(), lockFile.getParent(), e);
        }
    }

    private static String lastSegment(URI url) {
        String path = url.getPath() == null ? "" : url.getPath();
        String segment = path.substring(path.lastIndexOf('/') + 1);
        return segment.isEmpty() ? url.toString() : segment;
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
