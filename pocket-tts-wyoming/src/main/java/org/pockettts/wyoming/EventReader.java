package org.pockettts.wyoming;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads Wyoming events from a byte stream. An event is a header line of JSON ending in {@code \n}
 * ({@code type}; optional {@code data}, {@code data_length}, {@code payload_length}), then
 * {@code data_length} bytes of a JSON object merged on top of the header's {@code data}, then
 * {@code payload_length} bytes of payload.
 *
 * <p>Every length is bounded before anything is allocated: a header line of at most
 * {@link #MAX_HEADER_BYTES}, a data section of at most {@link #MAX_DATA_BYTES} and a payload of at
 * most {@link #MAX_PAYLOAD_BYTES}. A data section or payload beyond its limit is read and dropped
 * (its length is known, so the next event is found) and reported; a header line beyond its limit,
 * or one that is not a JSON object with valid lengths, loses the framing.
 */
final class EventReader {

    /** Longest header line, {@code \n} excluded: 1 MiB (a text may be sent in the header's {@code data}). */
    static final int MAX_HEADER_BYTES = 1 << 20;
    /** Longest data section: 1 MiB. */
    static final int MAX_DATA_BYTES = 1 << 20;
    /** Longest payload: 1 MiB (a text-to-speech server is sent no audio; this is for events it ignores). */
    static final int MAX_PAYLOAD_BYTES = 1 << 20;

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final InputStream in;

    /** {@code in} should be buffered: the header is read a byte at a time. */
    EventReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next event, or null when the stream ends between events.
     *
     * @throws BadEventException for an event that breaks the format or a limit
     * @throws EOFException when the stream ends inside an event
     */
    Event read() throws IOException, BadEventException {
        byte[] line = readLine();
        if (line == null) {
            return null;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(line);
        } catch (JacksonException e) {
            throw lost("The event header is not valid JSON; each event starts with one line holding a JSON object");
        }
        if (!(parsed instanceof ObjectNode header)) {
            throw lost("The event header is not a JSON object; each event starts with one line holding a JSON object");
        }
        long dataLength = length(header, "data_length");
        long payloadLength = length(header, "payload_length");
        if (dataLength > MAX_DATA_BYTES || payloadLength > MAX_PAYLOAD_BYTES) {
            skip(dataLength + payloadLength);
            throw new BadEventException(ErrorCode.EVENT_TOO_LARGE, "The event is too large: its data section may have"
                    + " at most " + MAX_DATA_BYTES + " bytes and its payload at most " + MAX_PAYLOAD_BYTES
                    + " bytes (it has " + dataLength + " and " + payloadLength + "); it was skipped", false);
        }
        byte[] dataBytes = readExactly((int) dataLength);
        byte[] payload = readExactly((int) payloadLength);

        JsonNode type = header.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw kept("The event has no \"type\"; each header names its event type");
        }
        JsonNode headerData = header.get("data");
        ObjectNode data;
        if (headerData == null || headerData.isNull()) {
            data = Event.object();
        } else if (headerData instanceof ObjectNode object) {
            data = object;
        } else {
            throw kept("The \"data\" of a " + type.asText() + " event is not a JSON object");
        }
        if (dataLength > 0) {
            JsonNode extra;
            try {
                extra = JSON.readTree(dataBytes);
            } catch (JacksonException e) {
                throw kept("The data section of a " + type.asText() + " event is not valid JSON");
            }
            if (!(extra instanceof ObjectNode extraObject)) {
                throw kept("The data section of a " + type.asText() + " event is not a JSON object");
            }
            data.setAll(extraObject);
        }
        return new Event(type.asText(), data, payload);
    }

    /** The header line without its {@code \n}; null at the end of the stream before any byte. */
    private byte[] readLine() throws IOException, BadEventException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection ended inside an event header");
            }
            if (b == '\n') {
                return line.toByteArray();
            }
            if (line.size() == MAX_HEADER_BYTES) {
                throw new BadEventException(ErrorCode.EVENT_TOO_LARGE, "The event header is longer than "
                        + MAX_HEADER_BYTES + " bytes; send long texts in the data section (data_length)", true);
            }
            line.write(b);
        }
    }

    /** The length {@code field} of {@code header}: absent or null is 0, else a whole number from 0. */
    private static long length(ObjectNode header, String field) throws BadEventException {
        JsonNode value = header.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw lost("The event's \"" + field + "\" is not a whole number of bytes from 0");
        }
        return value.asLong();
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the connection ended inside an event");
        }
        return bytes;
    }

    /** Reads and drops {@code length} bytes without holding them. */
    private void skip(long length) throws IOException {
        long left = length;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the connection ended inside an event");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static BadEventException lost(String message) {
        return new BadEventException(ErrorCode.MALFORMED_EVENT, message + "; the connection is closed since the"
                + " next event cannot be found", true);
    }

    private static BadEventException kept(String message) {
        return new BadEventException(ErrorCode.MALFORMED_EVENT, message, false);
    }
}
