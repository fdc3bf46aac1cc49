package org.pockettts.hub;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP requests of the downloader, made as huggingface_hub makes them. The access token goes only
 * to the Hub itself (same scheme, host and port as the endpoint), never to the storage hosts that
 * large files redirect to, which must not see it.
 */
final class HttpTransport implements AutoCloseable {

    private static final int MAX_REDIRECTS = 10;
    private static final String USER_AGENT = "pocket-tts-java";

    private final HubSettings settings;
    private HttpClient client;

    HttpTransport(HubSettings settings) {
        this.settings = settings;
    }

    /** The final answer to a metadata request. */
    record Answer(int status, URI uri, HttpHeaders headers) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** Where a redirect points to, resolved against the address that answered. */
        Optional<URI> redirectTarget() {
            if (!isRedirect(status)) {
                return Optional.empty();
            }
            return header("Location").flatMap(location -> {
                try {
                    return Optional.of(uri.resolve(location));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            });
        }
    }

    /**
     * Asks for a file's metadata with a HEAD request. Relative redirects (a renamed repository) are
     * followed; a redirect to another host (a large file's storage) is returned, as its target is the
     * address to download from.
     */
    Answer metadata(URI url) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest request = request(current, settings.metadataTimeout())
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build();
            HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding());
            Optional<String> location = response.headers().firstValue("Location");
            if (isRedirect(response.statusCode()) && location.isPresent() && isRelative(location.get())) {
                current = resolve(current, location.get());
                continue;
            }
            return new Answer(response.statusCode(), current, response.headers());
        }
        throw new IOException("too many redirects from " + url);
    }

    /**
     * Starts downloading {@code url} from byte {@code offset} on, following redirects. The body is a
     * {@link BodyStream} for a success status and null otherwise.
     */
    HttpResponse<BodyStream> get(URI url, long offset) throws IOException {
        URI current = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder builder = request(current, settings.readTimeout()).GET();
            if (offset > 0) {
                builder.header("Range", "bytes=" + offset + "-");
            }
            HttpResponse<BodyStream> response = send(builder.build(), info ->
                    info.statusCode() / 100 == 2
                            ? new BodyStream(settings.readTimeout())
                            : HttpResponse.BodySubscribers.replacing(null));
            Optional<String> location = response.headers().firstValue("Location");
            if (isRedirect(response.statusCode()) && location.isPresent()) {
                current = resolve(current, location.get());
                continue;
            }
            return response;
        }
        throw new IOException("too many redirects from " + url);
    }

    /** Whether requests to {@code uri} carry the access token. */
    boolean sendsTokenTo(URI uri) {
        return settings.token() != null && sameOrigin(uri, settings.endpoint());
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private HttpRequest.Builder request(URI uri, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("User-Agent", USER_AGENT)
                // Sizes and checksums are of the stored bytes, so nothing may be compressed on the way.
                .header("Accept-Encoding", "identity");
        if (sendsTokenTo(uri)) {
            builder.header("Authorization", "Bearer " + settings.token());
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client().send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching " + request.uri());
        } catch (IllegalArgumentException e) {
            // A redirect to an address the client cannot use, such as another scheme.
            throw new IOException("cannot request " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    /** Created on first use, so that resolving from the cache alone never opens anything. */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1);
            ProxySelector proxies = ProxySelector.getDefault();
            if (proxies != null) {
                builder.proxy(proxies);
            }
            client = builder.build();
        }
        return client;
    }

    private static URI resolve(URI base, String location) throws IOException {
        try {
            return base.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new IOException(base + " redirects to an invalid address: " + location, e);
        }
    }

    static boolean isRedirect(int status) {
        return status >= 300 && status < 400;
    }

    private static boolean isRelative(String location) {
        try {
            URI uri = URI.create(location);
            return uri.getScheme() == null && uri.getRawAuthority() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
