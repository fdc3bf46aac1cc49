package org.pockettts.server;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every request goes through first: it gets its id and the security headers, and requests
 * that web pages of other sites could make are refused.
 *
 * <ul>
 *   <li>A request that changes or costs something (any method but GET, HEAD and OPTIONS) with an
 *       {@code Origin} other than the server's own is refused (403) unless that origin is allowed by
 *       {@link ServerConfig#corsOrigins()}: otherwise any page a user visits could make their
 *       browser use the server. Clients that are not browsers send no {@code Origin}.</li>
 *   <li>A server listening on loopback only answers requests for {@code localhost} or a loopback
 *       address ({@code Host} header, any port): a page whose host name is made to resolve to
 *       127.0.0.1 (DNS rebinding) would otherwise read the server as its own origin.</li>
 *   <li>Every answer says not to sniff its type, send no referrer, and never be framed; the
 *       content-security policy lets the page load and call nothing but the server itself.</li>
 * </ul>
 */
final class RequestGuard {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; media-src 'self' blob:; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern HOST_HEADER = Pattern.compile("(\\[[^\\]]*]|[^:\\[\\]]*)(?::\\d{1,5})?");

    private final List<String> corsOrigins;
    private final boolean loopbackOnly;

    /**
     * @param loopbackOnly whether the server listens on loopback addresses only (then {@code Host} is checked)
     */
    RequestGuard(List<String> corsOrigins, boolean loopbackOnly) {
        this.corsOrigins = corsOrigins.stream().map(o -> o.toLowerCase(Locale.ROOT)).toList();
        this.loopbackOnly = loopbackOnly;
    }

    /** Whether every address {@code host} (a name to listen on) stands for is a loopback address. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(HttpGet.bare(host));
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Gives the request its id and headers, and refuses it when it must not be answered.
     *
     * @throws ApiException 403 for a foreign origin or a foreign host name
     */
    void check(Context ctx) {
        RequestIds.assign(ctx);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        String host = ctx.header("Host");
        if (loopbackOnly && host != null && !isLocalHost(host)) {
            throw ApiException.forbidden("This server answers requests for localhost only (it listens on a loopback"
                    + " address), not for '" + abbreviate(host) + "'; use http://localhost:<port>/");
        }
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            checkOrigin(ctx);
        }
    }

    /**
     * {@link #check} for a WebSocket upgrade, whose {@code Origin} is checked although it is a GET:
     * browsers let any page open a WebSocket to any server (CORS does not apply), so a page of another
     * site would otherwise make the user's browser speak through the server.
     *
     * @throws ApiException 403 for a foreign origin or a foreign host name
     */
    void checkUpgrade(Context ctx) {
        check(ctx);
        checkOrigin(ctx);
    }

    private void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !allowedOrigin(origin, ctx.header("Host"))) {
            throw ApiException.forbidden("Requests from web pages of " + abbreviate(origin) + " are not allowed;"
                    + " the server's operator can allow them with --cors-origin");
        }
    }

    /** {@code localhost} or a loopback address literal, with any port. */
    static boolean isLocalHost(String hostHeader) {
        Matcher m = HOST_HEADER.matcher(hostHeader.strip());
        if (!m.matches()) {
            return false;
        }
        String host = m.group(1).toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            return true;
        }
        if (host.startsWith("[")) {
            try {
                return InetAddress.ofLiteral(host.substring(1, host.length() - 1)).isLoopbackAddress();
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        Matcher quad = DOTTED_QUAD.matcher(host);
        if (!quad.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(quad.group(i)) > 255) {
                return false;
            }
        }
        return quad.group(1).equals("127");
    }

    /** The server's own origin (the one the request was sent to), or one the operator allowed. */
    private boolean allowedOrigin(String origin, String host) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (corsOrigins.contains("*") || corsOrigins.contains(o)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(o);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null) {
            // "null" (sandboxed frames, local files) or garbage: never the server's own.
            return false;
        }
        int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
        String h = host.strip().toLowerCase(Locale.ROOT);
        String originHost = uri.getHost();
        int originPort = uri.getPort() != -1 ? uri.getPort() : defaultPort;
        return h.equals(originHost + ":" + originPort) || originPort == defaultPort && h.equals(originHost);
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }
}
