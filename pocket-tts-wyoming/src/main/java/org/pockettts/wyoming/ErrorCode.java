package org.pockettts.wyoming;

/**
 * The {@code code} of the {@code error} events this server sends (the protocol leaves codes free;
 * these name the problem for a program, the {@code text} says it for a person).
 */
enum ErrorCode {
    /** The header line, or its data section, is not the JSON the protocol asks for. */
    MALFORMED_EVENT("malformed-event"),
    /** A header line, data section or payload beyond the limits of {@link EventReader}. */
    EVENT_TOO_LARGE("event-too-large"),
    /** An event type this server does not handle. */
    UNKNOWN_EVENT("unknown-event"),
    /** A well-formed event that cannot be done: a missing text, an unknown voice, a stream not started. */
    INVALID_REQUEST("invalid-request"),
    /** A text longer than the server allows, alone or added up over a stream. */
    TEXT_TOO_LONG("text-too-long"),
    /** The generation failed after it started (a limit reached, an engine failure). */
    SYNTHESIS_FAILED("synthesis-failed"),
    /** More connections than the server takes at once, or a request while it stops. */
    SERVER_BUSY("server-busy");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as sent on the wire. */
    String code() {
        return code;
    }
}
