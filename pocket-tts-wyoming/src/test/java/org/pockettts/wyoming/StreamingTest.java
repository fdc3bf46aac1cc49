package org.pockettts.wyoming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.Voice;

/**
 * Streaming synthesis as Home Assistant does it: {@code synthesize-start}, text chunks as a language
 * model produces them, the whole text again in a {@code synthesize} for servers without streaming,
 * {@code synthesize-stop}; each sentence's audio as soon as its chunks complete it.
 */
class StreamingTest {

    private static final String FIRST = "The first sentence is here.";
    private static final String SECOND = "And the second one";

    private static WyomingServer server;
    private static Voice defaultVoice;

    @BeforeAll
    static void start() {
        server = TinyModel.start(TinyModel.config());
        defaultVoice = TinyModel.model().voice(TinyModel.defaultVoiceFile());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void theFirstSentenceIsSpokenBeforeTheRestOfTheTextIsSent() {
        short[] first = TinyModel.engine(defaultVoice, FIRST);
        short[] second = TinyModel.engine(defaultVoice, SECOND);
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.start(null);
            client.chunk("The first sen");
            client.chunk("tence is here. And the");
            // Nothing more is sent until the first sentence's audio has arrived, all of it: a server
            // that waited for more text would leave this read waiting (and the test failing).
            List<WyomingClient.Received> early = new ArrayList<>();
            early.add(client.next());
            int samples = 0;
            while (samples < first.length) {
                WyomingClient.Received event = client.next();
                assertThat(event.type()).isEqualTo("audio-chunk");
                early.add(event);
                samples += event.payload().length / 2;
            }
            assertThat(early.getFirst().type()).isEqualTo("audio-start");
            assertThat(TinyModel.samples(WyomingClient.audio(early))).isEqualTo(first);

            client.chunk(" second one");
            client.synthesize("The first sentence is here. And the second one", null);
            client.send("synthesize-stop");
            List<WyomingClient.Received> late = client.readUntil("synthesize-stopped");
            List<String> types = WyomingClient.types(late);
            assertThat(types.subList(0, types.size() - 2)).containsOnly("audio-chunk");
            assertThat(types.subList(types.size() - 2, types.size())).containsExactly("audio-stop", "synthesize-stopped");
            // The compatibility copy of the whole text was not spoken again.
            assertThat(TinyModel.samples(WyomingClient.audio(late))).isEqualTo(second);
        }
    }

    @Test
    void aStreamInASavedVoiceThenAPlainRequestOnTheSameConnection() throws Exception {
        Voice mine = TinyModel.model().voice(TinyModel.voicesFolder().resolve("mine.safetensors"));
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.start("mine");
            client.chunk("One! Two? ");
            client.chunk("Three.");
            client.send("synthesize-stop");
            List<WyomingClient.Received> events = client.readUntil("synthesize-stopped");
            assertThat(WyomingClient.types(events)).containsOnlyOnce("audio-start", "audio-stop");
            short[] expected = TinyModel.concat(TinyModel.concat(TinyModel.engine(mine, "One!"),
                    TinyModel.engine(mine, "Two?")), TinyModel.engine(mine, "Three."));
            assertThat(TinyModel.samples(WyomingClient.audio(events))).isEqualTo(expected);

            // The stream is over: a synthesize is a request of its own again.
            client.synthesize("Four.", null);
            assertThat(TinyModel.samples(WyomingClient.audio(client.readUntil("audio-stop"))))
                    .isEqualTo(TinyModel.engine(defaultVoice, "Four."));
        }
    }

    /**
     * Wherever the text is cut into chunks, the stream's audio is that of its sentences spoken one by
     * one: a sentence is spoken once, whole, whatever the pieces it arrived in.
     */
    @Test
    void theAudioDoesNotDependOnWhereTheTextIsCut() {
        String text = "First one here. Second, longer sentence follows! Third?";
        String[] sentences = {"First one here.", "Second, longer sentence follows!", "Third?"};
        short[] expected = new short[0];
        for (String sentence : sentences) {
            expected = TinyModel.concat(expected, TinyModel.engine(defaultVoice, sentence));
        }
        for (long seed : new long[] {11, 12, 13}) {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            int[] cuts = random.ints(random.nextInt(1, 6), 1, text.length()).sorted().distinct().toArray();
            List<String> pieces = new ArrayList<>();
            int from = 0;
            for (int cut : cuts) {
                pieces.add(text.substring(from, cut));
                from = cut;
            }
            pieces.add(text.substring(from));
            try (WyomingClient client = new WyomingClient(server.port())) {
                client.start(null);
                pieces.forEach(client::chunk);
                client.send("synthesize-stop");
                List<WyomingClient.Received> events = client.readUntil("synthesize-stopped");
                assertThat(TinyModel.samples(WyomingClient.audio(events))).as("seed %d, pieces %s", seed, pieces)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void aStreamWithoutTextIsAnEmptyAudioStream() {
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.start(null);
            client.chunk("   ");
            client.send("synthesize-stop");
            assertThat(WyomingClient.types(client.readUntil("synthesize-stopped")))
                    .containsExactly("audio-start", "audio-stop", "synthesize-stopped");
        }
    }
}
