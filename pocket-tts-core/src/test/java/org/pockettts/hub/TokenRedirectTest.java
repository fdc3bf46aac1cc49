package org.pockettts.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pockettts.hub.HubTesting.environment;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access token goes with a request only when it is addressed to the configured Hub itself (its
 * scheme, host and port), on every hop of a redirect chain: never to a host a URL redirects to, nor to
 * the Hub's host name on another port. Two recording servers on 127.0.0.1: the Hub is
 * {@code http://127.0.0.1:<hub>}; {@code localhost:<hub>} is the same socket under another host name,
 * so it stands for another host; the other server is another port.
 */
class TokenRedirectTest {

    private static final String TOKEN = "hf_secret";
    private static final byte[] BODY = "voice".getBytes();

    /** One request as a server saw it. */
    private record Seen(String host, String path, String authorization) {
    }

    @TempDir
    Path dir;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer hub;
    private HttpServer other;

    @BeforeEach
    void start() throws IOException {
        hub = server();
        other = server();
    }

    @AfterEach
    void stop() {
        hub.stop(0);
        other.stop(0);
    }

    /** Answers {@code /file*} with {@link #BODY}, and {@code /redirect?to=URL} with a redirect to the URL. */
    private HttpServer server() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        return server;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            seen.add(new Seen(exchange.getRequestHeaders().getFirst("Host"), path,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            if (path.equals("/redirect")) {
                exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getQuery().substring(3));
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            exchange.sendResponseHeaders(200, BODY.length);
            exchange.getResponseBody().write(BODY);
        }
    }

    private String hubUrl(String host, String path) {
        return "http://" + host + ":" + hub.getAddress().getPort() + path;
    }

    private String otherUrl(String path) {
        return "http://127.0.0.1:" + other.getAddress().getPort() + path;
    }

    private Path resolve(String url) throws IOException {
        Map<String, String> env = environment(dir, null, "HF_ENDPOINT", hubUrl("127.0.0.1", ""), "HF_TOKEN", TOKEN);
        try (HubClient client = HubClient.fromEnvironment(env)) {
            return client.resolve(url, null);
        }
    }

    private Seen request(String host, String path) {
        return seen.stream().filter(s -> s.host().equals(host) && s.path().equals(path)).findFirst().orElseThrow();
    }

    @Test
    void aRedirectFromTheHubToAnotherHostCarriesNoToken() throws IOException {
        assertThat(Files.readAllBytes(resolve(hubUrl("127.0.0.1", "/redirect?to=" + hubUrl("localhost", "/file1")))))
                .isEqualTo(BODY);
        assertThat(request("127.0.0.1:" + hub.getAddress().getPort(), "/redirect").authorization())
                .isEqualTo("Bearer " + TOKEN);
        assertThat(request("localhost:" + hub.getAddress().getPort(), "/file1").authorization()).isNull();
    }

    @Test
    void aRedirectFromTheHubToAnotherPortCarriesNoToken() throws IOException {
        resolve(hubUrl("127.0.0.1", "/redirect?to=" + otherUrl("/file2")));
        assertThat(request("127.0.0.1:" + other.getAddress().getPort(), "/file2").authorization()).isNull();
    }

    /** A chain that leaves the Hub and comes back: the token goes only to the hops at the Hub. */
    @Test
    void aChainThroughOtherHostsGivesTheTokenOnlyToTheHub() throws IOException {
        String back = hubUrl("127.0.0.1", "/file3");
        String viaOther = otherUrl("/redirect?to=" + back);
        resolve(hubUrl("localhost", "/redirect?to=" + viaOther));
        assertThat(seen).hasSize(3);
        assertThat(request("localhost:" + hub.getAddress().getPort(), "/redirect").authorization()).isNull();
        assertThat(request("127.0.0.1:" + other.getAddress().getPort(), "/redirect").authorization()).isNull();
        assertThat(request("127.0.0.1:" + hub.getAddress().getPort(), "/file3").authorization())
                .isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void aUrlOfAnotherHostCarriesNoTokenOnAnyHop() throws IOException {
        resolve(otherUrl("/redirect?to=" + hubUrl("localhost", "/file4")));
        assertThat(seen).hasSize(2).allSatisfy(s -> assertThat(s.authorization()).isNull());
    }
}
