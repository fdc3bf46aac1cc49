package org.pockettts.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 GET over a connection to an address chosen (and checked) beforehand. The JDK's HTTP
 * client resolves host names itself, which would let a name that resolved to a public address for the
 * check resolve to another one for the connection; here the socket goes to the given address and
 * only the {@code Host} header, TLS server name (SNI) and certificate check use the name.
 *
 * <p>Everything is bounded: the whole exchange must end before a deadline (every connect, handshake
 * and read waits at most for the time left), response heads are limited in size, and a body is read
 * only when asked for, up to a limit. The connection is not reused ({@code Connection: close}).
 */
final class HttpGet implements AutoCloseable {

    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_INTERIM = 5;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

    /** A response head: the status and the headers (names in lower case; repeated ones joined by commas). */
    record Head(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final Socket socket;
    private final long deadline;
    private final InputStream in;

    private HttpGet(Socket socket, long deadline) throws IOException {
        this.socket = socket;
        this.deadline = deadline;
        this.in = new BufferedInputStream(new DeadlineInput(socket.getInputStream()), 8192);
    }

    /**
     * Connects to {@code address} for {@code url} and sends the request; the head is read by
     * {@link #head()}.
     *
     * @param deadline {@link System#nanoTime()} by which everything must be over
     */
    static HttpGet open(URI url, InetAddress address, long deadline, SSLSocketFactory tls) throws IOException {
        String host = bare(url.getHost());
        boolean https = url.getScheme().equalsIgnoreCase("https");
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        // No proxy: the connection must go to the address that was checked, not to wherever a proxy sends it.
        Socket socket = new Socket(Proxy.NO_PROXY);
        try {
            socket.connect(new InetSocketAddress(address, port), timeLeft(deadline));
            if (https) {
                socket = handshake(tls, socket, host, port, deadline);
            }
            HttpGet get = new HttpGet(socket, deadline);
            get.send(url, host, port, https);
            return get;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static SSLSocket handshake(SSLSocketFactory tls, Socket plain, String host, int port, long deadline)
            throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        // The certificate must be the URL host's: the same check as a browser's.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isAddressLiteral(host)) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(timeLeft(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private void send(URI url, String host, int port, boolean https) throws IOException {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String target = url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        boolean defaultPort = port == (https ? 443 : 80);
        String hostHeader = (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
        String request = "GET " + target + " HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "User-Agent: pocket-tts-java\r\n"
                + "Accept: */*\r\n"
                // Sizes are of the stored bytes: nothing may be compressed on the way.
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The response head, after any interim (1xx) responses. */
    Head head() throws IOException {
        int budget = MAX_HEAD;
        for (int interim = 0; interim <= MAX_INTERIM; interim++) {
            String statusLine = line();
            budget -= statusLine.length();
            Matcher m = STATUS_LINE.matcher(statusLine);
            if (!m.matches()) {
                throw new IOException("not an HTTP/1.x response: " + abbreviate(statusLine));
            }
            int status = Integer.parseInt(m.group(1));
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                budget -= h.length();
                if (budget < 0) {
                    throw new IOException("the response head is larger than " + MAX_HEAD + " bytes");
                }
                int colon = h.indexOf(':');
                if (colon <= 0 || Character.isWhitespace(h.charAt(0))) {
                    throw new IOException("malformed response header: " + abbreviate(h));
                }
                String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                headers.merge(name, h.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
            if (status >= 200 || status == 101) {
                return new Head(status, headers);
            }
        }
        throw new IOException("more than " + MAX_INTERIM + " interim responses");
    }

    /**
     * The body of a response with head {@code head}, at most {@code maxBytes}.
     *
     * @throws FetchException ({@link FetchException.Reason#TOO_LARGE}) when it is longer
     */
    byte[] body(Head head, long maxBytes) throws IOException, FetchException {
        String encoding = head.header("content-encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("identity")) {
            throw new IOException("the body is sent with Content-Encoding " + abbreviate(encoding));
        }
        String transfer = head.header("transfer-encoding");
        if (transfer != null) {
            if (!transfer.equalsIgnoreCase("chunked")) {
                throw new IOException("unsupported Transfer-Encoding " + abbreviate(transfer));
            }
            return chunked(maxBytes);
        }
        String length = head.header("content-length");
        if (length == null) {
            return upTo(Long.MAX_VALUE, maxBytes, false);
        }
        if (!length.matches("\\d{1,18}")) {
            throw new IOException("invalid Content-Length " + abbreviate(length));
        }
        long declared = Long.parseLong(length);
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return upTo(declared, maxBytes, true);
    }

    private byte[] chunked(long maxBytes) throws IOException, FetchException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
            if (!hex.matches("[0-9a-fA-F]{1,15}")) {
                throw new IOException("invalid chunk size " + abbreviate(sizeLine));
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers carry nothing this client needs
                }
                return body.toByteArray();
            }
            if (body.size() + size > maxBytes) {
                throw tooLarge(maxBytes);
            }
            body.writeBytes(upTo(size, maxBytes, true));
            if (!line().isEmpty()) {
                throw new IOException("a chunk is longer than its declared size");
            }
        }
    }

    /** {@code length} bytes ({@code exact}), or up to the end of the stream, refusing more than {@code maxBytes}. */
    private byte[] upTo(long length, long maxBytes, boolean exact) throws IOException, FetchException {
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, 1 << 16));
        byte[] buffer = new byte[1 << 16];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (exact) {
                    throw new EOFException("the connection closed after " + body.size() + " of " + length + " bytes");
                }
                break;
            }
            if (body.size() + n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            body.write(buffer, 0, n);
            left -= n;
        }
        return body.toByteArray();
    }

    private static FetchException tooLarge(long maxBytes) {
        return new FetchException(FetchException.Reason.TOO_LARGE, "the body is larger than " + maxBytes + " bytes");
    }

    /** A line of the head, without its CRLF (or bare LF). */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("the connection closed inside the response head");
            }
            if (c == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            if (s.length() >= MAX_LINE) {
                throw new IOException("a response line is longer than " + MAX_LINE + " bytes");
            }
            s.append((char) c);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do with it
        }
    }

    /** Milliseconds left before {@code deadline} (at least 1: 0 would mean "no timeout" to a socket). */
    static int timeLeft(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("the deadline has passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** A host as given in a URL, without the brackets of an IPv6 literal. */
    static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String abbreviate(String s) {
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    /** Reads with a timeout of the time left before the deadline, so a server dripping bytes cannot go on. */
    private final class DeadlineInput extends InputStream {
        private final InputStream raw;

        DeadlineInput(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(timeLeft(deadline));
            return raw.read(b, off, len);
        }
    }
}
