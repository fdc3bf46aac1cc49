package org.pockettts.wyoming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad event is answered with an {@code error} event ({@code text} for people,
 * {@code code} for programs): the connection goes on when the next event can still be found, and is
 * closed cleanly when it cannot; the server stays healthy. Each size limit is reached exactly (taken)
 * and by one byte more (refused).
 */
class BadEventsTest {

    private static final int MAX_TEXT = 40;
    private static WyomingServer server;

    @BeforeAll
    static void start() {
        server = TinyModel.start(TinyModel.config().maxTextChars(MAX_TEXT));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @AfterEach
    void serverStillServes() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.synthesize("Still here.", null);
            List<WyomingClient.Received> events = client.readUntil("audio-stop");
            assertThat(WyomingClient.audio(events)).isNotEmpty();
        }
    }

    /** The next event is an error with {@code code}; its text, which names no code of ours, is returned. */
    private static String error(WyomingClient client, String code) {
        WyomingClient.Received event = client.next();
        assertThat(event.type()).as(abbreviate(event.data().toString())).isEqualTo("error");
        assertThat(event.text("code")).isEqualTo(code);
        String text = event.text("text");
        assertThat(text).isNotBlank().doesNotContain("Exception").doesNotContain("org.pockettts").doesNotContain("\tat ");
        return text;
    }

    /** The connection still answers. */
    private static void stillAnswers(WyomingClient client) {
        client.send("describe");
        assertThat(client.next().type()).isEqualTo("info");
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unknownEventTypesAreRefusedAndTheConnectionGoesOn() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.send("transcribe", WyomingClient.object().put("language", "en"));
            assertThat(error(client, "unknown-event")).contains("transcribe");
            // With a payload, which is skipped: the event after it is read as it should be.
            client.raw(utf8("{\"type\":\"audio-chunk\",\"data\":{\"rate\":16000,\"width\":2,\"channels\":1},"
                    + "\"payload_length\":6}\nabcdef"));
            error(client, "unknown-event");
            stillAnswers(client);
        }
    }

    @Test
    void aHeaderThatIsNotAJsonObjectClosesTheConnectionCleanly() {
        for (String header : new String[] {"{not json", "[1, 2]", "\"synthesize\"", "{\"type\":\"describe\"} trailing",
            "{\"type\":\"describe\",\"data_length\":-1}", "{\"type\":\"describe\",\"payload_length\":\"ten\"}",
            "{\"type\":\"describe\",\"payload_length\":1.5}"}) {
            try (WyomingClient client = new WyomingClient(server.port())) {
                client.raw(utf8(header + "\n"));
                assertThat(error(client, "malformed-event")).as(header).contains("closed");
                assertThat(client.closedByServer()).as(header).isTrue();
            }
        }
    }

    @Test
    void aBadDataSectionOrTypeIsRefusedAndTheConnectionGoesOn() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.raw(utf8("{\"type\":\"synthesize\",\"data_length\":5}\nnope!"));
            assertThat(error(client, "malformed-event")).contains("data section");
            client.raw(utf8("{\"type\":\"synthesize\",\"data_length\":2}\n[]"));
            error(client, "malformed-event");
            client.raw(utf8("{\"data\":{\"text\":\"no type\"}}\n"));
            assertThat(error(client, "malformed-event")).contains("type");
            client.raw(utf8("{\"type\":\"synthesize\",\"data\":\"text\"}\n"));
            error(client, "malformed-event");
            stillAnswers(client);
        }
    }

    @Test
    void theHeaderLineLimit() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            // Exactly the limit: taken.
            // The line is measured without its newline.
            String text = "x".repeat(EventReader.MAX_HEADER_BYTES + 1 - headerOf("").length);
            assertThat(headerOf(text)).hasSize(EventReader.MAX_HEADER_BYTES + 1);
            client.raw(headerOf(text));
            WyomingClient.Received pong = client.next();
            assertThat(pong.type()).isEqualTo("pong");
            assertThat(pong.text("text")).isEqualTo(text);
            // One byte more: refused, and the connection closed (the line's end is not looked for).
            client.raw(headerOf(text + "x"));
            assertThat(error(client, "event-too-large")).contains(Integer.toString(EventReader.MAX_HEADER_BYTES));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void theDataSectionLimit() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            String text = "x".repeat(EventReader.MAX_DATA_BYTES - dataOf("").length);
            assertThat(dataOf(text)).hasSize(EventReader.MAX_DATA_BYTES);
            client.send("ping", WyomingClient.object().put("text", text));
            assertThat(client.next().text("text")).isEqualTo(text);
            client.send("ping", WyomingClient.object().put("text", text + "x"));
            assertThat(error(client, "event-too-large")).contains(Integer.toString(EventReader.MAX_DATA_BYTES));
            stillAnswers(client);
        }
    }

    @Test
    void thePayloadLimit() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            for (int size : new int[] {EventReader.MAX_PAYLOAD_BYTES, EventReader.MAX_PAYLOAD_BYTES + 1}) {
                byte[] header = utf8("{\"type\":\"ping\",\"payload_length\":" + size + "}\n");
                client.raw(Arrays.copyOf(header, header.length + size));
            }
            assertThat(client.next().type()).isEqualTo("pong");
            assertThat(error(client, "event-too-large")).contains(Integer.toString(EventReader.MAX_PAYLOAD_BYTES));
            stillAnswers(client);
        }
    }

    @Test
    void requestsThatCannotBeDone() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.send("synthesize", WyomingClient.object().put("voice", "alba"));
            assertThat(error(client, "invalid-request")).contains("\"text\"");
            client.synthesize("Hello.", "nobody");
            assertThat(error(client, "invalid-request")).contains("Unknown voice 'nobody'").contains("alba")
                    .contains("mine");
            client.send("synthesize", WyomingClient.object().put("text", "Hello.").put("voice", "alba"));
            assertThat(error(client, "invalid-request")).contains("voice");
            client.chunk("No stream.");
            assertThat(error(client, "invalid-request")).contains("synthesize-start");
            client.send("synthesize-stop");
            assertThat(error(client, "invalid-request")).contains("synthesize-start");
            client.start(null);
            client.start(null);
            assertThat(error(client, "invalid-request")).contains("already");
            client.send("synthesize-stop");
            assertThat(WyomingClient.types(client.readUntil("synthesize-stopped")))
                    .containsExactly("audio-start", "audio-stop", "synthesize-stopped");
            stillAnswers(client);
        }
    }

    @Test
    void aStreamWithAnUnknownVoiceEndsWithoutAudio() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.start("nobody");
            assertThat(error(client, "invalid-request")).contains("Unknown voice 'nobody'");
            client.chunk("Dropped. ");
            client.send("synthesize-stop");
            assertThat(WyomingClient.types(client.readUntil("synthesize-stopped"))).containsExactly("synthesize-stopped");
        }
    }

    @Test
    void theTextLimitAloneAndAddedUpOverAStream() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            String limit = "Exactly forty characters are spoken now.";
            assertThat(limit).hasSize(MAX_TEXT);
            client.synthesize(limit, null);
            assertThat(WyomingClient.audio(client.readUntil("audio-stop"))).isNotEmpty();
            client.synthesize(limit + " ", null);
            assertThat(error(client, "text-too-long")).contains(Integer.toString(MAX_TEXT));

            client.start(null);
            client.chunk("Twenty characters. ");
            client.chunk("And twenty-three more!!");
            List<WyomingClient.Received> events = client.readUntil("error");
            assertThat(events.getFirst().type()).isEqualTo("audio-start");
            assertThat(events.getLast().text("code")).isEqualTo("text-too-long");
            client.chunk("Dropped too.");
            client.send("synthesize-stop");
            assertThat(WyomingClient.types(client.readUntil("synthesize-stopped")))
                    .containsExactly("audio-stop", "synthesize-stopped");
        }
    }

    /** A ping event whose header line carries {@code text}. */
    private static byte[] headerOf(String text) {
        ObjectNode header = WyomingClient.object().put("type", "ping");
        header.putObject("data").put("text", text);
        return utf8(header + "\n");
    }

    /** The data section of a ping carrying {@code text}. */
    private static byte[] dataOf(String text) {
        return utf8(WyomingClient.object().put("text", text).toString());
    }
}
