package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Wyoming events as the protocol's own library does: a header line
 * {@code {"type": …, "data_length": n, "payload_length": m}} (lengths only when not zero), then the
 * data as a JSON object of {@code n} UTF-8 bytes, then {@code m} bytes of payload. Each event is
 * flushed whole; one event at a time. How long the event being written has waited is known, so
 * that a client that takes nothing can be found ({@link #blockedSince()}).
 */
final class EventWriter {

    private final OutputStream out;
    /** {@link System#nanoTime()} when the event being written began, or 0 when none is. */
    private volatile long writingSince;

    /** {@code out} should be buffered: an event is written in several pieces and then flushed. */
    EventWriter(OutputStream out) {
        this.out = out;
    }

    synchronized void write(Event event) throws IOException {
        write(event.type(), event.data(), event.payload(), 0, event.payload().length);
    }

    /** Writes an event whose payload is {@code length} bytes of {@code payload} from {@code offset}. */
    synchronized void write(String type, ObjectNode data, byte[] payload, int offset, int length) throws IOException {
        byte[] dataBytes = data == null || data.isEmpty() ? new byte[0] : EventReader.JSON.writeValueAsBytes(data);
        ObjectNode header = Event.object().put("type", type);
        if (dataBytes.length > 0) {
            header.put("data_length", dataBytes.length);
        }
        if (length > 0) {
            header.put("payload_length", length);
        }
        writingSince = System.nanoTime() | 1;
        try {
            out.write(EventReader.JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            out.write(dataBytes);
            out.write(payload, offset, length);
            out.flush();
        } finally {
            writingSince = 0;
        }
    }

    /** {@link System#nanoTime()} when the event being written now began (never 0), or 0 when none is being written. */
    long blockedSince() {
        return writingSince;
    }
}
