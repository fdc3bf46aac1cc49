package org.pockettts.server;

import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pockettts.GenerationOptions;
import org.pockettts.TtsModel;
import org.pockettts.api.InvalidInputException;

/**
 * {@code GET /v1/audio/speech/stream}: speech over a WebSocket, for text that arrives piece by piece
 * (see {@link SpeechSocket} for one connection). Upgrades pass the {@link RequestGuard} as HTTP
 * requests do, and their {@code Origin} is checked whatever the method: a WebSocket is not protected
 * by CORS, so a page of another site could otherwise speak through a user's server.
 */
final class SpeechSockets {

    static final String PATH = "/v1/audio/speech/stream";
    /** Messages longer than this are refused by the web server itself, which closes with 1009 without a word. */
    private static final int HARD_LIMIT_FACTOR = 4;
    /** A connection without any message for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

    private final TtsModel model;
    private final EngineWork work;
    private final VoiceLibrary voices;
    private final GenerationSlots slots;
    private final Metrics metrics;
    private final ServerConfig config;
    private final RequestGuard guard;
    private final Map<String, SpeechSocket> open = new ConcurrentHashMap<>();

    SpeechSockets(TtsModel model, EngineWork work, VoiceLibrary voices, GenerationSlots slots, Metrics metrics,
                  ServerConfig config, RequestGuard guard) {
        this.model = model;
        this.work = work;
        this.voices = voices;
        this.slots = slots;
        this.metrics = metrics;
        this.config = config;
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.wsBeforeUpgrade(PATH, guard::checkUpgrade);
        routes.ws(PATH, ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setMaxTextMessageSize((long) HARD_LIMIT_FACTOR * maxMessageBytes());
                ctx.session.setMaxBinaryMessageSize(1024);
                ctx.session.setIdleTimeout(IDLE_TIMEOUT);
                SpeechSocket socket = new SpeechSocket(ctx.session, idOf(ctx), this);
                open.put(ctx.sessionId(), socket);
                socket.start();
            });
            // A connection whose work has ended (an error, or the end) takes no more messages.
            ws.onMessage(ctx -> {
                SpeechSocket socket = open.get(ctx.sessionId());
                if (socket != null) {
                    socket.onMessage(ctx.message());
                }
            });
            ws.onBinaryMessage(ctx -> {
                SpeechSocket socket = open.get(ctx.sessionId());
                if (socket != null) {
                    socket.onBinaryMessage();
                }
            });
            ws.onClose(ctx -> {
                SpeechSocket socket = open.remove(ctx.sessionId());
                if (socket != null) {
                    socket.onClose();
                }
            });
        });
    }

    private static String idOf(WsContext ctx) {
        String id = ctx.attribute(RequestIds.ATTRIBUTE);
        return id != null ? id : ctx.sessionId();
    }

    /** Stops every connection's generation and closes it: the server is stopping. */
    void cutAll() {
        for (SpeechSocket socket : open.values()) {
            socket.close(SpeechSocket.TRY_LATER, "the server is stopping");
            socket.onClose();
        }
    }

    void ended(SpeechSocket socket) {
        open.values().remove(socket);
    }

    /** The options with the server's audio limit, checked whole. */
    GenerationOptions settle(GenerationOptions options) {
        try {
            return model.resolve(options.withMaxAudioSeconds(config.maxAudioSeconds()));
        } catch (InvalidInputException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
    }

    /** The largest message (UTF-8 bytes) a client may send: the largest JSON body of the HTTP API. */
    long maxMessageBytes() {
        return config.maxJsonBytes();
    }

    int maxTextChars() {
        return config.maxTextChars();
    }

    int maxAudioSeconds() {
        return config.maxAudioSeconds();
    }

    TtsModel model() {
        return model;
    }

    EngineWork work() {
        return work;
    }

    VoiceLibrary voices() {
        return voices;
    }

    GenerationSlots slots() {
        return slots;
    }

    Metrics metrics() {
        return metrics;
    }
}
