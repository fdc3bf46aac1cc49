package org.pockettts.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the application answers errors: always JSON {@code {"detail": "..."}}. A client learns what it
 * did wrong, never what went wrong inside: an unexpected failure is "internal error" with the
 * request's id, and the log has the stack trace under that id. Errors found after the audio has
 * started cut the connection instead.
 */
final class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);

    private ErrorAnswers() {
    }

    static void register(RoutesConfig routes, ServerConfig config) {
        routes.exception(ApiException.class, (e, ctx) -> {
            log(ctx, e);
            e.headers().forEach(ctx::header);
            answer(ctx, e.status(), e.detail());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e instanceof MethodNotAllowedResponse m && m.getDetails().containsKey("availableMethods")) {
                ctx.header("Allow", m.getDetails().get("availableMethods"));
            }
            answer(ctx, e.getStatus(), switch (e.getStatus()) {
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 413 -> "The request body is too large: at most " + config.maxJsonBytes() + " bytes";
                default -> HttpStatus.forStatus(e.getStatus()).getMessage();
            });
        });
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("Request {}: unexpected failure answering {} {}", RequestIds.of(ctx), ctx.method(), ctx.path(), e);
            answer(ctx, 500, RequestIds.internalError(ctx));
        });
    }

    /**
     * Answers a request whose handling threw an {@link Error} (an out-of-memory outside the speech
     * handlers, a stack overflow): logged under the request's id, answered as an internal error (503
     * for memory, which may come back) unless the answer has begun.
     */
    static void onError(HttpServletResponse res, Error e) {
        String header = res.getHeader(RequestIds.HEADER);
        String id = header == null ? "-" : header;
        LOG.error("Request {}: failed", id, e);
        if (res.isCommitted()) {
            return;
        }
        try {
            res.resetBuffer();
            res.setStatus(e instanceof OutOfMemoryError ? 503 : 500);
            res.setContentType("application/json");
            res.getOutputStream().write(Routes.json(Map.of("detail", RequestIds.internalError(id)))
                    .getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException writing) {
            LOG.debug("Request {}: cannot answer", id, writing);
        }
    }

    /**
     * Logs what an error answer did not tell the client: one line for a client's error (a download
     * that failed, a file the engine refused, even for a surprise: clients must not be able to fill
     * the log with stack traces), the stack trace for the server's own failures (5xx, or an Error
     * such as running out of memory).
     */
    private static void log(Context ctx, ApiException e) {
        Throwable cause = e.getCause();
        if (cause == null) {
            return;
        }
        String id = RequestIds.of(ctx);
        if (e.status() >= 500 || cause instanceof Error) {
            LOG.error("Request {}: answered {}", id, e.status(), cause);
        } else {
            LOG.info("Request {}: answered {}: {}", id, e.status(), cause.toString());
        }
    }

    private static void answer(Context ctx, int status, String detail) {
        if (ctx.res().isCommitted()) {
            // Audio is already on its way: the only honest signal left is a cut connection.
            Connections.abort(ctx, new IllegalStateException(detail));
            return;
        }
        if (ctx.req().getContentLengthLong() != 0) {
            // The body may not have been read to its end (it was refused early, or could not be
            // parsed): the connection cannot carry another request, and the client must know it.
            ctx.header("Connection", "close");
        }
        ctx.status(status);
        Routes.json(ctx, Map.of("detail", detail));
    }
}
