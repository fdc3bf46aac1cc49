package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Wyoming event: its type, its data (the header's {@code data} with the additional data section
 * merged on top) and its binary payload (empty when it has none).
 */
record Event(String type, ObjectNode data, byte[] payload) {

    Event {
        data = data != null ? data : JsonNodeFactory.instance.objectNode();
        payload = payload != null ? payload : new byte[0];
    }

    /** An event without payload. */
    static Event of(String type, ObjectNode data) {
        return new Event(type, data, null);
    }

    /** A fresh empty data object to fill. */
    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
