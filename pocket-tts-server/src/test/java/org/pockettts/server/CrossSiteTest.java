package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Web pages of other sites cannot use the server through their visitors' browsers: a POST with a
 * foreign {@code Origin} is refused unless the operator allowed that origin, a server on loopback
 * answers only requests for localhost (no DNS rebinding), and every answer carries the headers that
 * keep it from being sniffed, framed or leaking a referrer.
 */
class CrossSiteTest {

    private static final String FORM = "text=Hi.&temperature=0&eos_threshold=-6";

    private static TestServer fixture;
    private static TtsServer server;
    private static TtsServer allowing;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        server = fixture.start(TestServer.config());
        allowing = fixture.start(TestServer.config().corsOrigins(List.of("https://example.org")));
    }

    @AfterAll
    static void stop() {
        server.stop();
        allowing.stop();
        fixture.close();
    }

    private static HttpResponse<String> post(TtsServer to, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(TestServer.base(to).resolve("/tts"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(FORM));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw request with the given Host header (the JDK's client always sends the real one). */
    private static String withHost(TtsServer to, String method, String path, String host) throws IOException {
        byte[] body = method.equals("POST") ? FORM.getBytes(StandardCharsets.US_ASCII) : new byte[0];
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        try (RawRequest r = RawRequest.open(to.port(), RawRequest.concat(head.getBytes(StandardCharsets.US_ASCII), body))) {
            return r.answer();
        }
    }

    private static int status(String rawAnswer) {
        return Integer.parseInt(rawAnswer.substring(9, 12));
    }

    @Test
    void aForeignOriginCannotPost() throws Exception {
        for (String origin : List.of("https://evil.example", "null", "http://127.0.0.1:1", "http://localhost.evil.example",
                "https://example.org")) {
            HttpResponse<String> r = post(server, origin);
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
            assertThat(r.body()).as(origin).startsWith("{\"detail\":\"Requests from web pages of " + origin);
        }
        assertThat(MetricsText.value(server.metricsText(), StreamingTest.COMPLETED)).isZero();
    }

    @Test
    void theServersOwnPageAndClientsWithoutAnOriginCanPost() throws Exception {
        int port = server.port();
        assertThat(post(server, "http://127.0.0.1:" + port).statusCode()).isEqualTo(200);
        assertThat(post(server, null).statusCode()).isEqualTo(200);
        // The page served under localhost posts with that origin and host.
        String answer = withHostAndOrigin("localhost:" + port, "http://localhost:" + port);
        assertThat(status(answer)).as(answer).isEqualTo(200);
    }

    private static String withHostAndOrigin(String host, String origin) throws IOException {
        byte[] body = FORM.getBytes(StandardCharsets.US_ASCII);
        String head = "POST /tts HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        try (RawRequest r = RawRequest.open(server.port(), RawRequest.concat(head.getBytes(StandardCharsets.US_ASCII),
                body))) {
            return r.answer();
        }
    }

    @Test
    void anAllowedOriginCanPostAndOthersStillCannot() throws Exception {
        assertThat(post(allowing, "https://example.org").statusCode()).isEqualTo(200);
        assertThat(post(allowing, "https://example.org.evil.example").statusCode()).isEqualTo(403);
        assertThat(post(allowing, "http://example.org").statusCode()).isEqualTo(403);
    }

    @Test
    void readingIsNotRefusedByOrigin() throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(TestServer.base(server).resolve("/health"))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        // ... but the browser may not let the page read it: no CORS header for a foreign origin.
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    /** A page at http://attacker.example:port whose name now resolves to 127.0.0.1 gets nothing. */
    @Test
    void aLoopbackServerAnswersOnlyForLocalhost() throws IOException {
        int port = server.port();
        for (String host : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example:" + port,
                "localhost.attacker.example", "10.0.0.1:" + port, "[::2]:" + port, "127.0.0.256")) {
            for (String path : List.of("/", "/health", "/v1/voices", "/metrics")) {
                String answer = withHost(server, "GET", path, host);
                assertThat(status(answer)).as(host + path).isEqualTo(403);
                assertThat(answer).contains("answers requests for localhost only");
            }
            assertThat(status(withHost(server, "POST", "/tts", host))).as(host).isEqualTo(403);
        }
        for (String host : List.of("localhost:" + port, "localhost", "LOCALHOST:1234", "127.0.0.1:" + port, "127.0.0.1",
                "127.1.2.3:80", "[::1]:" + port, "[::1]")) {
            assertThat(status(withHost(server, "GET", "/health", host))).as(host).isEqualTo(200);
        }
    }

    @Test
    void onlyLoopbackBindingsCheckTheHost() {
        assertThat(RequestGuard.isLoopback("localhost")).isTrue();
        assertThat(RequestGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(RequestGuard.isLoopback("::1")).isTrue();
        assertThat(RequestGuard.isLoopback("[::1]")).isTrue();
        assertThat(RequestGuard.isLoopback("0.0.0.0")).isFalse();
        assertThat(RequestGuard.isLoopback("::")).isFalse();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (String path : List.of("/", "/app.js", "/health", "/nowhere")) {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(TestServer.base(server).resolve(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertSecurityHeaders(r, path);
        }
        assertSecurityHeaders(post(server, null), "/tts");
        assertSecurityHeaders(post(server, "https://evil.example"), "/tts refused");
    }

    private static void assertSecurityHeaders(HttpResponse<?> r, String what) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(what).hasValueSatisfying(csp -> {
            assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'")
                    .contains("frame-ancestors 'none'");
        });
    }

    @Test
    void theUrlOfALoopbackServerIsOneItAnswers() {
        URI url = server.url();
        assertThat(RequestGuard.isLocalHost(url.getHost() + ":" + url.getPort())).isTrue();
    }
}
