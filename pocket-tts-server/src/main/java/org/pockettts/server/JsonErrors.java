package org.pockettts.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers that the web server itself gives, before or around the application (a malformed
 * request line, headers or URI too large, an invalid {@code Content-Length}, an unexpected failure):
 * JSON {@code {"detail": "..."}} as every other error, with the status's reason as the detail —
 * never the server's own message, which may name classes or quote internals.
 */
final class JsonErrors extends ErrorHandler {

    private static final HttpField JSON = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                 String contentType, List<Charset> charsets, int code,
                                                 String message, Throwable cause) throws IOException {
        response.getHeaders().put(JSON);
        response.write(true, ByteBuffer.wrap(body(code)), callback);
        return true;
    }

    private static byte[] body(int status) {
        String reason = HttpStatus.getMessage(status);
        return Routes.json(Map.of("detail", reason == null ? "Error " + status : reason))
                .getBytes(StandardCharsets.UTF_8);
    }
}
