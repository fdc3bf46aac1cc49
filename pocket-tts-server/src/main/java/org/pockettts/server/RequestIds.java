package org.pockettts.server;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every request gets an id, sent back in {@code X-Request-Id} and written with everything the log
 * says about the request, so that a client's report ("internal error, request 3f9a…") leads to the
 * log's stack trace without the client ever seeing one.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    static final String ATTRIBUTE = "pockettts.requestId";

    private RequestIds() {
    }

    /** Gives {@code ctx} a fresh id. */
    static void assign(Context ctx) {
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The id of {@code ctx} ("-" for a request that never got one). */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id != null ? id : "-";
    }

    /** What a client is told of a failure that is the server's: nothing but where to look. */
    static String internalError(Context ctx) {
        return internalError(of(ctx));
    }

    static String internalError(String id) {
        return "Internal error (request " + id + "); the server's log has the details";
    }
}
