package org.pockettts.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A small HTTP/1.1 client for the server under test: whole responses, multipart forms, JSON. */
final class Http {

    /** An answer: status, headers and the whole body. */
    record Response(int status, java.net.http.HttpHeaders headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** A multipart form under construction. */
    static final class Form {
        private final String boundary = "----pocket-tts-test-" + UUID.randomUUID();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<String> names = new ArrayList<>();

        Form field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            write(value);
            write("\r\n");
            names.add(name);
            return this;
        }

        Form file(String name, String filename, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + filename + "\"\r\nContent-Type: audio/wav\r\n\r\n");
            body.writeBytes(content);
            write("\r\n");
            names.add(name);
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(body.toByteArray());
            all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return all.toByteArray();
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        private void write(String s) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final URI base;
    // Virtual threads for the client's work: the soak test counts the JVM's platform threads, and the
    // client's own pool of them would stand in for the server's.
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10)).build();

    Http(URI base) {
        this.base = base;
    }

    static Form form() {
        return new Form();
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    Response post(String path, Form form) {
        return post(path, form.contentType(), form.bytes());
    }

    Response postJson(String path, String json) {
        return post(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    Response post(String path, String contentType, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = client.send(request.timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
