package org.pockettts.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads a client's voice URL, following redirects, under rules that a client cannot bend: every
 * hop's host name is resolved once, every address it resolves to must be allowed by the fetch's
 * {@link AddressRule}, and the connection goes to one of those very addresses ({@link HttpGet}), so
 * a name cannot resolve to one address for the check and another for the connection. The whole fetch,
 * redirects included, must end within a deadline and the body must fit a size limit; redirect and
 * error bodies are never read. No credentials are ever sent.
 *
 * <p>The request's thread may be interrupted (its client went away): the fetch then stops with an
 * {@link InterruptedException}.
 */
final class UrlFetcher {

    /** Which addresses a hop may connect to. */
    @FunctionalInterface
    interface AddressRule {
        boolean allows(URI hop, InetAddress address);
    }

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final Network network;
    private final Duration timeout;
    private final long maxBytes;
    private final int maxRedirects;

    UrlFetcher(Network network, Duration timeout, long maxBytes, int maxRedirects) {
        this.network = network;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.maxRedirects = maxRedirects;
    }

    Duration timeout() {
        return timeout;
    }

    long maxBytes() {
        return maxBytes;
    }

    int maxRedirects() {
        return maxRedirects;
    }

    /**
     * The body of {@code url} (an absolute {@code http} or {@code https} URL).
     *
     * @throws FetchException       when it cannot be had; the message is for the log
     * @throws InterruptedException when the thread was interrupted
     */
    byte[] fetch(URI url, AddressRule rule) throws FetchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI hop = url;
        for (int redirects = 0; ; redirects++) {
            checkUsable(hop);
            InetAddress[] addresses = resolve(hop, deadline);
            for (InetAddress address : addresses) {
                if (!rule.allows(hop, address)) {
                    throw new FetchException(FetchException.Reason.FAILED, hop.getHost() + " resolves to "
                            + address.getHostAddress() + ", which this server may not fetch from");
                }
            }
            try (HttpGet get = connect(hop, addresses, deadline)) {
                HttpGet.Head head = get.head();
                if (REDIRECTS.contains(head.status())) {
                    if (redirects == maxRedirects) {
                        throw new FetchException(FetchException.Reason.FAILED, "more than " + maxRedirects
                                + " redirects");
                    }
                    hop = redirectTarget(hop, head.header("location"));
                    continue;
                }
                if (head.status() != 200) {
                    throw new FetchException(FetchException.Reason.FAILED, hop + " answered HTTP " + head.status());
                }
                return get.body(head, maxBytes);
            } catch (IOException e) {
                stopIfInterrupted();
                throw new FetchException("fetching " + hop + " failed: " + e, e);
            }
        }
    }

    /** A connection to the first of {@code addresses} that accepts one. */
    private HttpGet connect(URI hop, InetAddress[] addresses, long deadline) throws IOException, InterruptedException {
        IOException last = null;
        for (InetAddress address : addresses) {
            try {
                return HttpGet.open(hop, address, deadline, network.tls());
            } catch (IOException e) {
                stopIfInterrupted();
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
            }
        }
        throw last;
    }

    /**
     * The addresses of the hop's host, within the deadline. The lookup runs on a thread of its own, as
     * the system's resolver cannot be given a timeout; a lookup still running when the deadline
     * passes is left to end on its own.
     */
    private InetAddress[] resolve(URI hop, long deadline) throws FetchException, InterruptedException {
        String host = HttpGet.bare(hop.getHost());
        FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> network.resolver().resolve(host));
        Thread.ofVirtual().name("pocket-tts-resolve").start(lookup);
        try {
            InetAddress[] addresses = lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (addresses == null || addresses.length == 0) {
                throw new FetchException(FetchException.Reason.FAILED, host + " resolves to no address");
            }
            return Arrays.copyOf(addresses, addresses.length);
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw new FetchException(FetchException.Reason.FAILED, "looking up " + host + " took too long");
        } catch (ExecutionException e) {
            throw new FetchException("cannot resolve " + host + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            lookup.cancel(true);
            throw e;
        }
    }

    /** Only absolute http(s) URLs with a host and without credentials are fetched. */
    private static void checkUsable(URI hop) throws FetchException {
        String scheme = hop.getScheme() == null ? "" : hop.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(FetchException.Reason.FAILED, "not an http(s) URL: " + hop);
        }
        if (hop.getHost() == null || hop.getRawUserInfo() != null) {
            throw new FetchException(FetchException.Reason.FAILED, "no usable host in " + hop);
        }
    }

    private static URI redirectTarget(URI hop, String location) throws FetchException {
        if (location == null || location.isBlank()) {
            throw new FetchException(FetchException.Reason.FAILED, hop + " redirects without a Location");
        }
        try {
            URI target = hop.resolve(new URI(location.strip()));
            return new URI(target.toASCIIString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(FetchException.Reason.FAILED, hop + " redirects to an invalid URL");
        }
    }

    /** A socket operation that failed because the thread was interrupted means: stop, the client is gone. */
    private static void stopIfInterrupted() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while fetching");
        }
    }
}
