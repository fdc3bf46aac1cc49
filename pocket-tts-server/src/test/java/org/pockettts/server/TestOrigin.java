package org.pockettts.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A web server for the voice-URL tests, written over plain sockets so that it can misbehave exactly:
 * serve files, redirect, answer error statuses, send raw bytes, drip a body, hang. It listens on a
 * chosen loopback address (127.0.0.1 for "the server's own machine", 127.0.0.2 for a host the tests
 * declare public) and records every request: path, {@code Host}, {@code Authorization} and, over
 * TLS, the server name the client asked for (SNI).
 */
final class TestOrigin implements AutoCloseable {

    /** One request as this origin saw it. */
    record Request(String path, String host, String authorization, String serverName) {
    }

    /** How to answer a path. */
    @FunctionalInterface
    interface Answer {
        void write(OutputStream out, Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final java.util.Queue<Request> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread acceptor;
    /** Counted down when a client closes a connection that a {@link #hang} answer holds. */
    final CountDownLatch hungUpOn = new CountDownLatch(1);
    /** Counted down when a {@link #hang} answer has received its request. */
    final CountDownLatch hanging = new CountDownLatch(1);

    private TestOrigin(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("test-origin").start(this::accept);
    }

    /** A plain HTTP origin on {@code address}, at {@code port} (0: any free one). */
    static TestOrigin http(String address, int port) throws IOException {
        return new TestOrigin(new ServerSocket(port, 50, InetAddress.getByName(address)));
    }

    /** An HTTPS origin on {@code address} with the certificate of {@code tls}. */
    static TestOrigin https(String address, SSLContext tls) throws IOException {
        SSLServerSocket socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        return new TestOrigin(socket);
    }

    int port() {
        return server.getLocalPort();
    }

    String address() {
        return server.getInetAddress().getHostAddress();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    TestOrigin on(String path, Answer answer) {
        answers.put(path, answer);
        return this;
    }

    /** {@code body} with its Content-Length. */
    TestOrigin file(String path, byte[] body) {
        return on(path, (out, s) -> {
            out.write(head(200, "Content-Length: " + body.length));
            out.write(body);
        });
    }

    /** {@code body} in chunks of at most 1000 bytes, without a Content-Length. */
    TestOrigin chunked(String path, byte[] body) {
        return on(path, (out, s) -> {
            out.write(head(200, "Transfer-Encoding: chunked"));
            for (int at = 0; at < body.length; at += 1000) {
                int n = Math.min(1000, body.length - at);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** {@code length} zero bytes to the end of the connection, with no length announced. */
    TestOrigin endless(String path, long length) {
        return on(path, (out, s) -> {
            out.write(head(200));
            byte[] block = new byte[1 << 16];
            for (long sent = 0; sent < length; sent += block.length) {
                out.write(block);
            }
        });
    }

    TestOrigin redirect(String path, int status, String location) {
        return on(path, (out, s) -> out.write(head(status, "Location: " + location, "Content-Length: 0")));
    }

    TestOrigin status(String path, int status) {
        byte[] body = ("error " + status).getBytes(StandardCharsets.US_ASCII);
        return on(path, (out, s) -> {
            out.write(head(status, "Content-Length: " + body.length));
            out.write(body);
        });
    }

    /** Exactly {@code bytes}, as the whole response. */
    TestOrigin raw(String path, byte[] bytes) {
        return on(path, (out, s) -> out.write(bytes));
    }

    /** A body that never ends: one byte every {@code millis}. */
    TestOrigin drip(String path, long millis) {
        return on(path, (out, s) -> {
            out.write(head(200, "Content-Length: 50000"));
            while (true) {
                out.write(0);
                out.flush();
                Thread.sleep(millis);
            }
        });
    }

    /** Reads the request and never answers; notes when the client gives up and closes. */
    TestOrigin hang(String path) {
        return on(path, (out, s) -> {
            hanging.countDown();
            try {
                while (s.getInputStream().read() >= 0) {
                    // a client sends nothing more; whatever comes is ignored
                }
            } catch (IOException reset) {
                // a reset is hanging up too
            }
            hungUpOn.countDown();
        });
    }

    static byte[] head(int status, String... headers) {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Test\r\nConnection: close\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("test-origin-connection").start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(120_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            String requestLine = line(in);
            String host = null;
            String authorization = null;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(h.indexOf(':') + 1).trim();
                if (name.equals("host")) {
                    host = value;
                } else if (name.equals("authorization")) {
                    authorization = value;
                }
            }
            String path = requestLine.split(" ")[1];
            requests.add(new Request(path, host, authorization, serverName(s)));
            Answer answer = answers.get(path);
            OutputStream out = s.getOutputStream();
            if (answer == null) {
                out.write(head(404, "Content-Length: 0"));
            } else {
                answer.write(out, s);
            }
            out.flush();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away, or sent nonsense: nothing to answer
        }
    }

    private static String serverName(Socket s) {
        if (s instanceof SSLSocket ssl && ssl.getSession() instanceof ExtendedSSLSession session) {
            for (SNIServerName name : session.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
