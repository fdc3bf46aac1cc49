package org.pockettts.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming response read by hand over a plain socket, so that a test decides exactly how much
 * it reads and when it hangs up. The socket's receive buffer is kept small: a client that stops
 * reading soon holds the server's writes back, as a slow listener would.
 */
final class RawStream implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new HashMap<>();
    private final boolean chunked;
    private int chunkLeft;
    private boolean ended;
    private long received;

    private RawStream(int port, String path, String contentType, byte[] body) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(120_000);
        OutputStream out = socket.getOutputStream();
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        in = new BufferedInputStream(socket.getInputStream(), 4096);
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    }

    /** Sends a multipart form to {@code path} and reads the answer's status line and headers. */
    static RawStream post(int port, String path, Http.Form form) throws IOException {
        return new RawStream(port, path, form.contentType(), form.bytes());
    }

    static RawStream postJson(int port, String path, String json) throws IOException {
        return new RawStream(port, path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    boolean chunked() {
        return chunked;
    }

    /** Exactly {@code n} bytes of the body (fewer only when it ends first). */
    byte[] read(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(n);
        while (out.size() < n && !ended) {
            if (chunked && chunkLeft == 0) {
                nextChunk();
                continue;
            }
            int want = n - out.size();
            if (chunked) {
                want = Math.min(want, chunkLeft);
            }
            byte[] buf = new byte[Math.min(want, 8192)];
            int got = in.read(buf);
            if (got < 0) {
                if (chunked) {
                    throw new EOFException("connection closed inside a chunked body (no final chunk)");
                }
                ended = true;
                break;
            }
            out.write(buf, 0, got);
            received += got;
            if (chunked) {
                chunkLeft -= got;
                if (chunkLeft == 0) {
                    line();
                }
            }
        }
        return out.toByteArray();
    }

    /** Bytes of the body received so far, including those of a read that failed. */
    long received() {
        return received;
    }

    /** The rest of the body, up to its proper end. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (!ended) {
            out.writeBytes(read(1 << 16));
        }
        return out.toByteArray();
    }

    private void nextChunk() throws IOException {
        String size = line();
        int semicolon = size.indexOf(';');
        chunkLeft = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
        if (chunkLeft == 0) {
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are not used
            }
            ended = true;
        }
    }

    private String line() throws IOException {
        StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed inside the response head or a chunk header");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
