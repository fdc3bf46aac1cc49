package org.pockettts.server;

import java.util.Map;

/**
 * A request the server answers with an error instead of audio: an HTTP status and a message for
 * the client, sent as {@code {"detail": "..."}} as the reference's server does. The message is shown
 * to the client as it is, so it never holds a server path, a class name or an exception's text; what
 * the operator needs to know goes in the cause, which is logged with the request's id.
 */
final class ApiException extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    ApiException(int status, String detail, Map<String, String> headers, Throwable cause) {
        // No stack trace: these are answers, not bugs, and a busy server makes many of them.
        super(detail, cause, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    ApiException(int status, String detail, Throwable cause) {
        this(status, detail, Map.of(), cause);
    }

    ApiException(int status, String detail) {
        this(status, detail, Map.of(), null);
    }

    /** 400: the request is wrong as sent (missing or empty text, conflicting fields, unknown names). */
    static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    /** 403: refused by the server's rules (a foreign origin, a host name it does not serve, a URL it does not fetch). */
    static ApiException forbidden(String detail) {
        return new ApiException(403, detail);
    }

    /** 413: the body, the uploaded file or the text is larger than the server accepts. */
    static ApiException tooLarge(String detail) {
        return new ApiException(413, detail);
    }

    /** 415: the body is not of a type the endpoint reads. */
    static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, detail);
    }

    /** 422: well-formed but unusable: a value out of range, a file that is not usable audio. */
    static ApiException unprocessable(String detail) {
        return new ApiException(422, detail);
    }

    /** 503: no generation slot and no room in the queue, or the server is stopping. */
    static ApiException unavailable(String detail, int retryAfterSeconds) {
        return new ApiException(503, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)), null);
    }

    int status() {
        return status;
    }

    String detail() {
        return getMessage();
    }

    Map<String, String> headers() {
        return headers;
    }
}
