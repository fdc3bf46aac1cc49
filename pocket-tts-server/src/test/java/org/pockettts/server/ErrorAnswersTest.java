package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Failures inside the server reach the client as "internal error" and a request id, and the log as
 * that id with the stack trace: no exception text, class name or path in any answer. The routes that
 * fail here are the test's own, registered beside the server's error answers.
 */
class ErrorAnswersTest {

    private static final String SECRET = "/srv/secret/cache/token-file";

    private static Javalin app;
    private static Http http;

    @BeforeAll
    static void start() {
        ServerConfig config = TestServer.config().build();
        RequestGuard guard = new RequestGuard(List.of(), true);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.before(guard::check);
            ErrorAnswers.register(cfg.routes, config);
            cfg.routes.get("/bug", ctx -> {
                throw new IllegalStateException(SECRET);
            });
            cfg.routes.get("/out-of-memory", ctx -> {
                throw new ApiException(503, "The server ran out of memory", Map.of(), new OutOfMemoryError(SECRET));
            });
            cfg.routes.get("/surprise", ctx -> {
                throw new ApiException(422, "cannot read WAV file a.wav: its header is invalid",
                        new NegativeArraySizeException(SECRET));
            });
            cfg.routes.get("/error", ctx -> {
                throw new StackOverflowError(SECRET);
            });
            cfg.router.javaLangErrorHandler(ErrorAnswers::onError);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrors()));
        }).start("127.0.0.1", 0);
        http = new Http(URI.create("http://127.0.0.1:" + app.port() + "/"));
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    /** Requests {@code path}; checks that the answer holds nothing of the failure and that the log has it all. */
    private static Http.Response failing(String path, int status, String logged) {
        try (LogCapture log = new LogCapture()) {
            Http.Response r = http.get(path);
            String id = r.header(RequestIds.HEADER);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.text()).doesNotContain(SECRET).doesNotContain("Exception").doesNotContain("Error:");
            MetricsText.await("the failure is logged", () -> log.text().contains("Request " + id));
            assertThat(log.text().substring(log.text().indexOf("Request " + id))).contains(logged + ": " + SECRET)
                    .contains("\tat ");
            return r;
        }
    }

    private static String internalError(Http.Response r) {
        return "{\"detail\":\"Internal error (request " + r.header(RequestIds.HEADER)
                + "); the server's log has the details\"}";
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithAnIdThatTheLogHas() {
        Http.Response r = failing("/bug", 500, "java.lang.IllegalStateException");
        assertThat(r.header(RequestIds.HEADER)).matches("[0-9a-f]{12}");
        assertThat(r.text()).isEqualTo(internalError(r));
    }

    @Test
    void aServerFailureWithAMessageForTheClientStillLogsItsCause() {
        failing("/out-of-memory", 503, "java.lang.OutOfMemoryError");
    }

    /** A client's error is one line in the log, whatever caused it: clients cannot flood the log with traces. */
    @Test
    void aClientErrorIsOneLineInTheLogWhateverCausedIt() {
        try (LogCapture log = new LogCapture()) {
            Http.Response r = http.get("/surprise");
            String id = r.header(RequestIds.HEADER);
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.text()).doesNotContain(SECRET).doesNotContain("Exception");
            MetricsText.await("the failure is logged", () -> log.text().contains("Request " + id));
            String line = log.text().substring(log.text().indexOf("Request " + id));
            assertThat(line).startsWith("Request " + id + ": answered 422: java.lang.NegativeArraySizeException: "
                    + SECRET + System.lineSeparator()).doesNotContain("\tat ");
        }
    }

    @Test
    void anErrorThrownByAHandlerIsAnInternalErrorTooAndLogged() {
        Http.Response r = failing("/error", 500, "java.lang.StackOverflowError");
        assertThat(r.text()).isEqualTo(internalError(r));
    }

    @Test
    void everyAnswerHasItsOwnId() {
        String first = http.get("/nowhere").header(RequestIds.HEADER);
        String second = http.get("/nowhere").header(RequestIds.HEADER);
        assertThat(first).isNotEqualTo(second);
    }
}
