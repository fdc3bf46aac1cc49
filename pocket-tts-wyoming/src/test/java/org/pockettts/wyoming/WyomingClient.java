package org.pockettts.wyoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Wyoming client written from the protocol's description (its README, "Format"): each event is a
 * line of UTF-8 JSON ending in a newline with {@code type}, optional {@code data}, {@code data_length}
 * and {@code payload_length}; then exactly {@code data_length} bytes of a JSON object merged on top of
 * {@code data}; then exactly {@code payload_length} bytes of payload. It sends data as the protocol's
 * own library does (in the data section) or inside the header, and reads whatever the server sends.
 * Reads fail after 60 s without a byte, so that a test waiting for an event that never comes fails.
 */
final class WyomingClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One received event. */
    record Received(String type, JsonNode data, byte[] payload) {
        String text(String field) {
            JsonNode v = data.get(field);
            return v == null ? null : v.asText();
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    WyomingClient(int port) {
        this(new InetSocketAddress("127.0.0.1", port));
    }

    WyomingClient(InetSocketAddress address) {
        this(address, 0);
    }

    /** A client whose socket buffers at most about {@code receiveBuffer} bytes (0: the system's default). */
    WyomingClient(InetSocketAddress address, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(address, 10_000);
            socket.setSoTimeout(60_000);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Sends an event with its data in the data section, as the protocol's library writes it. */
    void send(String type, ObjectNode data) {
        ObjectNode header = object().put("type", type);
        byte[] dataBytes = new byte[0];
        if (data != null && !data.isEmpty()) {
            dataBytes = bytes(data.toString());
            header.put("data_length", dataBytes.length);
        }
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        event.writeBytes(bytes(header.toString()));
        event.write('\n');
        event.writeBytes(dataBytes);
        raw(event.toByteArray());
    }

    void send(String type) {
        send(type, null);
    }

    /** Sends an event with its data inside the header line. */
    void sendInHeader(String type, ObjectNode data) {
        ObjectNode header = object().put("type", type);
        header.set("data", data);
        raw(bytes(header + "\n"));
    }

    /** Sends bytes as they are. */
    void raw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void synthesize(String text, String voice) {
        ObjectNode data = object().put("text", text);
        if (voice != null) {
            data.putObject("voice").put("name", voice);
        }
        send("synthesize", data);
    }

    void start(String voice) {
        ObjectNode data = object();
        if (voice != null) {
            data.putObject("voice").put("name", voice);
        }
        send("synthesize-start", data);
    }

    void chunk(String text) {
        send("synthesize-chunk", object().put("text", text));
    }

    /** The next event, or null when the server closed the connection between events. */
    Received read() {
        try {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    if (line.size() == 0) {
                        return null;
                    }
                    throw new IllegalStateException("the connection ended inside a header line");
                }
                line.write(b);
            }
            JsonNode header = JSON.readTree(line.toByteArray());
            ObjectNode data = header.has("data") && header.get("data").isObject()
                    ? (ObjectNode) header.get("data") : object();
            int dataLength = header.path("data_length").asInt(0);
            if (dataLength > 0) {
                byte[] extra = new byte[dataLength];
                in.readFully(extra);
                data.setAll((ObjectNode) JSON.readTree(extra));
            }
            byte[] payload = new byte[header.path("payload_length").asInt(0)];
            in.readFully(payload);
            return new Received(header.get("type").asText(), data, payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next event, which must exist. */
    Received next() {
        Received event = read();
        if (event == null) {
            throw new IllegalStateException("the server closed the connection");
        }
        return event;
    }

    /** Events up to and including the first of {@code type}. */
    List<Received> readUntil(String type) {
        List<Received> events = new ArrayList<>();
        while (true) {
            Received event = next();
            events.add(event);
            if (event.type().equals(type)) {
                return events;
            }
        }
    }

    /** The payloads of the {@code audio-chunk} events among {@code events}, one after the other. */
    static byte[] audio(List<Received> events) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        for (Received event : events) {
            if (event.type().equals("audio-chunk")) {
                audio.writeBytes(event.payload());
            }
        }
        return audio.toByteArray();
    }

    /** The types of {@code events}, in order. */
    static List<String> types(List<Received> events) {
        return events.stream().map(Received::type).toList();
    }

    /** Whether the server closed the connection: the next read finds its end (a reset counts as closed too). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes the connection at once, with a reset, like a client that dies. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
