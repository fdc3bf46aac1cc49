package org.pockettts.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The server's endpoints; errors are answered by {@link ErrorAnswers}. */
final class Routes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";

    private final ServerConfig config;
    private final VoiceLibrary voices;
    private final SavedVoiceRoutes library;
    private final SpeechSockets sockets;
    private final SpeechStreamer streamer;
    private final Metrics metrics;
    private final RequestGuard guard;

    Routes(ServerConfig config, VoiceLibrary voices, SavedVoiceRoutes library, SpeechSockets sockets,
           SpeechStreamer streamer, Metrics metrics, RequestGuard guard) {
        this.config = config;
        this.sockets = sockets;
        this.library = library;
        this.guard = guard;
        this.voices = voices;
        this.streamer = streamer;
        this.metrics = metrics;
    }

    void register(RoutesConfig routes) {
        routes.before(guard::check);
        routes.get("/", WebPage.asset("index.html", "text/html; charset=utf-8"));
        routes.get("/app.js", WebPage.asset("app.js", "text/javascript; charset=utf-8"));
        routes.get("/style.css", WebPage.asset("style.css", "text/css; charset=utf-8"));
        routes.get("/health", ctx -> json(ctx, Map.of("status", "healthy")));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.render()));
        routes.get("/v1/voices", this::listVoices);
        library.register(routes);
        sockets.register(routes);
        routes.post("/tts", ctx -> {
            long arrival = System.nanoTime();
            streamer.stream(ctx, () -> TtsForm.parse(ctx, config), "generated_speech", arrival);
        });
        routes.post("/v1/audio/speech", ctx -> {
            long arrival = System.nanoTime();
            streamer.stream(ctx, () -> OpenAiSpeech.parse(ctx, config), "speech", arrival);
        });

        ErrorAnswers.register(routes, config);
    }

    /**
     * {@code {"default": "alba", "voices": [{"id": "alba", "kind": "predefined", "default": true}, ...]}}:
     * the model's predefined voices, then the saved ones.
     */
    private void listVoices(Context ctx) {
        List<Map<String, Object>> list = library.list(true);
        Map<String, Object> body = new LinkedHashMap<>();
        boolean named = list.stream().anyMatch(v -> v.get("id").equals(voices.defaultSpec()));
        body.put("default", named ? voices.defaultSpec() : "(custom)");
        body.put("voices", list);
        json(ctx, body);
    }

    static void json(Context ctx, Object body) {
        ctx.contentType(JSON_TYPE).result(json(body));
    }

    static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialise", e);
        }
    }

    /** The route a request matched, as its pattern, for the metrics; "unmatched" for a 404. */
    static String routeOf(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null || endpoint.path.isEmpty() ? "unmatched" : endpoint.path;
    }
}
