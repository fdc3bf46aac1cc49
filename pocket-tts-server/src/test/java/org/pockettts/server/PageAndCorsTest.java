package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web page comes from the jar and loads nothing from elsewhere; CORS is off unless asked for. */
class PageAndCorsTest {

    private static TestServer fixture;
    private static TtsServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        server = fixture.start(TestServer.config().corsOrigins(List.of("https://example.org")));
        http = new Http(TestServer.base(server));
    }

    @AfterAll
    static void stop() {
        server.stop();
        fixture.close();
    }

    @Test
    void pageScriptAndStyleAreServedAndSelfContained() {
        Http.Response page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("<title>Pocket TTS</title>").contains("src=\"app.js\"")
                .contains("href=\"style.css\"");
        Http.Response script = http.get("/app.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        Http.Response style = http.get("/style.css");
        assertThat(style.header("Content-Type")).startsWith("text/css");
        for (Http.Response r : List.of(page, script, style)) {
            assertThat(r.text()).doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain("@import")
                    .doesNotContain("url(");
        }
    }

    @Test
    void corsAllowsTheConfiguredOriginOnly() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI tts = TestServer.base(server).resolve("/tts");
        HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(tts)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://example.org").header("Access-Control-Request-Method", "POST").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://example.org");
        HttpResponse<String> other = client.send(HttpRequest.newBuilder(TestServer.base(server).resolve("/health"))
                .header("Origin", "https://elsewhere.example").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
}
