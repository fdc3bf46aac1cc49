package org.pockettts.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A request written by hand on a plain socket, for clients that misbehave: send a head and only part
 * of a body, lie about its length, trickle it, or hang up without reading the answer.
 */
final class RawRequest implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;

    private RawRequest(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(120_000);
        out = socket.getOutputStream();
    }

    /** Opens a connection and sends {@code bytes} (a head, and whatever of a body). */
    static RawRequest open(int port, byte[] bytes) throws IOException {
        RawRequest r = new RawRequest(port);
        r.write(bytes);
        return r;
    }

    /** Sends a whole multipart POST of {@code form} to {@code path}. */
    static RawRequest send(int port, String path, Http.Form form) throws IOException {
        byte[] body = form.bytes();
        return open(port, concat(head("POST", path, port, form.contentType(), body.length), body));
    }

    /** A request head with the given Content-Type and Content-Length. */
    static byte[] head(String method, String path, int port, String contentType, long contentLength) {
        return (method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Says the request is over without closing the connection (the server may still answer). */
    void endRequest() throws IOException {
        socket.shutdownOutput();
    }

    /** Everything the server sends until it closes the connection (or stops after its answer). */
    String answer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                all.write(buffer, 0, n);
                if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // what arrived before the reset is the answer
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** A response with a Content-Length whose body has arrived whole. */
    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : response.substring(0, end).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                long length = Long.parseLong(line.substring(15).trim());
                return response.length() - end - 4 >= length;
            }
        }
        return false;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
