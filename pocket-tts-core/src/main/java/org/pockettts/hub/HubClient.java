package org.pockettts.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.pockettts.api.ModelFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves model file locations to local files, downloading them when needed:
 * <ul>
 *   <li>{@code hf://owner/repository/path[@revision]}: from the Hugging Face Hub into the Hub cache,
 *       shared with the Python {@code huggingface_hub} ({@link HubSettings} says where it is). A file
 *       pinned to a commit hash that is in the cache is used without any network request; for a branch
 *       the Hub is asked which commit it is at, which is cheap, and the file is downloaded only when
 *       that commit's file is not cached yet. When the Hub cannot be reached, the cached copy of the
 *       branch is used with a warning.</li>
 *   <li>{@code http://} and {@code https://} addresses: downloaded once into a cache folder.</li>
 *   <li>anything else: a local path (relative ones to {@code baseDir}), as {@link ModelFiles#localOnly()}.</li>
 * </ul>
 * Every failure is a {@link DownloadException} whose message tells the user what to do. A client can
 * be used from several threads; two downloads of the same file, even from two processes, do not run
 * at once.
 */
public final class HubClient implements ModelFiles, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HubClient.class);
    // LFS files have their SHA-256 as ETag; small files stored in git have their git hash, unchecked.
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final HubSettings settings;
    private final HubCache cache;
    private final HttpTransport transport;
    private final UrlCache urls;
    private volatile DownloadListener listener = DownloadListener.NONE;

    /** A client with the given settings. */
    public HubClient(HubSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = new HubCache(settings.hubCache());
        this.transport = new HttpTransport(settings);
        this.urls = new UrlCache(settings, transport);
    }

    /** A client configured from the process environment, as huggingface_hub is. */
    public static HubClient fromEnvironment() {
        return new HubClient(HubSettings.fromEnvironment());
    }

    /** A client configured from {@code env}, a map of environment variables. */
    public static HubClient fromEnvironment(Map<String, String> env) {
        return new HubClient(HubSettings.fromEnvironment(env));
    }

    /** The settings in use. */
    public HubSettings settings() {
        return settings;
    }

    /** Sets who follows the downloads (null: nobody). */
    public void setDownloadListener(DownloadListener downloadListener) {
        this.listener = downloadListener == null ? DownloadListener.NONE : downloadListener;
    }

    /**
     * The local file for {@code location}: an {@code hf://} location, an {@code http(s)://} address or a
     * local path.
     *
     * @param baseDir folder that relative local paths are relative to (null: the working directory)
     * @throws DownloadException               when a remote file cannot be had; the message says why
     * @throws java.nio.file.NoSuchFileException when a local file does not exist
     */
    @Override
    public Path resolve(String location, Path baseDir) throws IOException {
        Objects.requireNonNull(location, "location");
        if (location.startsWith("hf://")) {
            HubLocation parsed;
            try {
                parsed = HubLocation.parse(location);
            } catch (IllegalArgumentException e) {
                throw new DownloadException(e.getMessage(), e);
            }
            return resolve(parsed);
        }
        if (location.startsWith("http://") || location.startsWith("https://")) {
            URI url;
            try {
                url = new URI(location);
            } catch (URISyntaxException e) {
                throw new DownloadException("Invalid address '" + location + "': " + e.getMessage(), e);
            }
            if (url.getHost() == null) {
                throw new DownloadException("Invalid address '" + location + "': it names no host");
            }
            return urls.resolve(url, listener);
        }
        return ModelFiles.localOnly().resolve(location, baseDir);
    }

    /**
     * The local file for a file on the Hub, from the cache or downloaded into it.
     *
     * @throws DownloadException when the file cannot be had; the message says why
     */
    public Path resolve(HubLocation location) throws IOException {
        if (location.isCommitHash()) {
            Path snapshot = cache.snapshot(location, location.revision());
            if (Files.isRegularFile(snapshot)) {
                return snapshot;
            }
        }
        if (settings.offline()) {
            Optional<Path> cached = cache.cachedSnapshot(location);
            if (cached.isPresent()) {
                return cached.get();
            }
            throw Failures.notCachedOffline(location.toString(), cache.root());
        }

        URI url = location.toUrl(settings.endpoint());
        HttpTransport.Answer answer;
        try {
            answer = transport.metadata(url);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            return cachedOr(location, Failures.unreachable(location.toString(), url, e));
        }
        Optional<URI> redirect = answer.redirectTarget();
        if (answer.status() >= 400 || (HttpTransport.isRedirect(answer.status()) && redirect.isEmpty())) {
            DownloadException failure = Failures.hubStatus(location, settings, answer.uri(), answer.status(), answer.headers());
            // A file that is not there any more must not be served from an old copy; other
            // failures (a lapsed token, a server error) are like being offline.
            if (answer.status() == 404) {
                throw failure;
            }
            return cachedOr(location, failure);
        }
        Optional<FileMetadata> metadata = FileMetadata.of(answer, redirect.orElse(answer.uri()));
        if (metadata.isEmpty()) {
            throw new DownloadException("Cannot download " + location + ": " + Failures.origin(url)
                    + " did not answer like a Hugging Face Hub (the X-Repo-Commit or ETag header is missing or"
                    + " invalid); check HF_ENDPOINT and any proxy in between");
        }
        try {
            return fetch(location, metadata.get());
        } catch (DownloadException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            throw Failures.cannotWrite(location.toString(), cache.repositoryFolder(location), e);
        }
    }

    /** Stops the HTTP client; resolving afterwards starts a new one. */
    @Override
    public void close() {
        transport.close();
    }

    private Path fetch(HubLocation location, FileMetadata metadata) throws IOException {
        if (!location.revision().equals(metadata.commit())) {
            cache.writeRef(location, metadata.commit());
        }
        Path snapshot = cache.snapshot(location, metadata.commit());
        if (Files.isRegularFile(snapshot)) {
            return snapshot;
        }
        Path blob = cache.blob(location, metadata.etag());
        if (!Files.isRegularFile(blob)) {
            try (DownloadLock _ = DownloadLock.acquire(cache.lock(location, metadata.etag()), location.toString())) {
                // Another thread or process may have finished it while this one waited.
                if (!Files.isRegularFile(blob)) {
                    download(location, metadata, blob);
                }
            }
        }
        cache.link(blob, snapshot);
        return snapshot;
    }

    private void download(HubLocation location, FileMetadata metadata, Path blob) throws IOException {
        String sha256 = SHA256.matcher(metadata.etag()).matches() ? metadata.etag() : null;
        FileDownload.StatusFailure statusFailure = (url, status, headers) ->
                HttpTransport.sameOrigin(url, settings.endpoint())
                        ? Failures.hubStatus(location, settings, url, status, headers)
                        : Failures.urlStatus(url, status);
        new FileDownload(transport, listener).run(new FileDownload.Request(metadata.source(), blob, metadata.size(),
                sha256, true, location.toString(), location.path(), statusFailure));
    }

    private Path cachedOr(HubLocation location, DownloadException failure) throws DownloadException {
        Optional<Path> cached = cache.cachedSnapshot(location);
        if (cached.isEmpty()) {
            throw failure;
        }
        LOG.warn("{}. Using the copy in the cache: {}", failure.getMessage(), cached.get());
        return cached.get();
    }
}
