package org.pockettts.wyoming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pockettts.Voice;

/** Several clients at once, clients that go away, too many clients, and stopping the server. */
class ConnectionsTest {

    private static Voice defaultVoice() {
        return TinyModel.model().voice(TinyModel.defaultVoiceFile());
    }

    @Test
    void concurrentClientsEachGetTheirOwnAudio() throws Exception {
        WyomingServer server = TinyModel.start(TinyModel.config().maxConcurrent(2));
        String[] texts = {"The first client speaks.", "A second one, at the same time.", "And a third waits its turn."};
        ExecutorService clients = Executors.newFixedThreadPool(texts.length);
        try {
            CyclicBarrier together = new CyclicBarrier(texts.length);
            List<Future<byte[]>> answers = new ArrayList<>();
            for (String text : texts) {
                answers.add(clients.submit(() -> {
                    try (WyomingClient client = new WyomingClient(server.port())) {
                        together.await(60, TimeUnit.SECONDS);
                        client.synthesize(text, null);
                        return WyomingClient.audio(client.readUntil("audio-stop"));
                    }
                }));
            }
            Voice voice = defaultVoice();
            for (int i = 0; i < texts.length; i++) {
                assertThat(TinyModel.samples(answers.get(i).get(120, TimeUnit.SECONDS)))
                        .as(texts[i]).isEqualTo(TinyModel.engine(voice, texts[i]));
            }
            assertThat(server.stats().completed()).isEqualTo(texts.length);
            assertThat(server.stats().running()).isZero();
        } finally {
            clients.shutdownNow();
            server.stop();
        }
    }

    @Test
    void aClientThatGoesAwayStopsItsGeneration() {
        // One slot: the second client is served only once the first one's generation has ended.
        WyomingServer server = TinyModel.start(TinyModel.config().maxConcurrent(1));
        try {
            StringBuilder longText = new StringBuilder();
            for (int i = 1; i <= 40; i++) {
                longText.append("This is sentence number ").append(i).append(" of a long answer. ");
            }
            try (WyomingClient leaving = new WyomingClient(server.port())) {
                leaving.synthesize(longText.toString(), null);
                assertThat(leaving.next().type()).isEqualTo("audio-start");
                assertThat(leaving.next().type()).isEqualTo("audio-chunk");
                leaving.abort();
            }
            try (WyomingClient next = new WyomingClient(server.port())) {
                next.synthesize("Next.", null);
                assertThat(TinyModel.samples(WyomingClient.audio(next.readUntil("audio-stop"))))
                        .isEqualTo(TinyModel.engine(defaultVoice(), "Next."));
            }
            // The long generation was stopped, not finished: minutes of audio were never made.
            WyomingServer.Stats stats = server.stats();
            assertThat(stats.stopped()).isEqualTo(1);
            assertThat(stats.completed()).isEqualTo(1);
            assertThat(stats.running()).isZero();
        } finally {
            server.stop();
        }
    }

    @Test
    void aClientThatTakesNoAudioIsDisconnected() {
        // One slot, held by a client that never reads: only the write timeout frees it for the next client.
        WyomingServer server = TinyModel.start(TinyModel.config().maxConcurrent(1)
                .writeTimeout(java.time.Duration.ofSeconds(1)));
        try (WyomingClient silent = new WyomingClient(new java.net.InetSocketAddress("127.0.0.1", server.port()), 4096)) {
            silent.synthesize("A long answer. ".repeat(300), null);
            // Its generation holds the slot from its audio-start on; from then on the client reads nothing.
            silent.readUntil("audio-start");
            try (WyomingClient next = new WyomingClient(server.port())) {
                next.synthesize("Next.", null);
                assertThat(TinyModel.samples(WyomingClient.audio(next.readUntil("audio-stop"))))
                        .isEqualTo(TinyModel.engine(defaultVoice(), "Next."));
            }
            assertThat(server.stats().stopped()).isEqualTo(1);
            assertThat(server.stats().completed()).isEqualTo(1);
        } finally {
            server.stop();
        }
    }

    @Test
    void oneConnectionTooManyIsRefusedWithAnError() {
        WyomingServer server = TinyModel.start(TinyModel.config().maxConnections(2));
        try (WyomingClient first = new WyomingClient(server.port());
             WyomingClient second = new WyomingClient(server.port())) {
            for (WyomingClient client : List.of(first, second)) {
                client.send("describe");
                assertThat(client.next().type()).isEqualTo("info");
            }
            try (WyomingClient third = new WyomingClient(server.port())) {
                WyomingClient.Received refused = third.next();
                assertThat(refused.type()).isEqualTo("error");
                assertThat(refused.text("code")).isEqualTo("server-busy");
                assertThat(refused.text("text")).contains("2 connections");
                assertThat(third.closedByServer()).isTrue();
            }
            first.synthesize("Still served.", null);
            assertThat(WyomingClient.audio(first.readUntil("audio-stop"))).isNotEmpty();
        } finally {
            server.stop();
        }
    }

    @Test
    void stoppingEndsARunningGenerationAfterTheGrace() {
        WyomingServer server = TinyModel.start(TinyModel.config().shutdownGrace(java.time.Duration.ZERO));
        try (WyomingClient client = new WyomingClient(server.port())) {
            client.synthesize("A long answer. ".repeat(40), null);
            assertThat(client.next().type()).isEqualTo("audio-start");
            assertThat(client.next().type()).isEqualTo("audio-chunk");
            server.stop();
            // stop() has returned: the generation is over, stopped before its end, and its client cut off.
            assertThat(server.stats().running()).isZero();
            assertThat(server.stats().stopped()).isEqualTo(1);
            assertThat(server.stats().completed()).isZero();
            List<String> rest = new ArrayList<>();
            for (WyomingClient.Received event = client.read(); event != null; event = client.read()) {
                rest.add(event.type());
            }
            assertThat(rest).doesNotContain("audio-stop");
        } catch (UncheckedIOException e) {
            // A reset instead of an orderly end also says the connection was cut.
            assertThat(server.stats().stopped()).isEqualTo(1);
        }
    }

    @Test
    void stoppingClosesConnectionsAndListensNoMore() throws Exception {
        WyomingServer server = TinyModel.start(TinyModel.config());
        int port = server.port();
        try (WyomingClient client = new WyomingClient(port)) {
            client.send("describe");
            assertThat(client.next().type()).isEqualTo("info");
            server.stop();
            assertThat(server.awaitStop(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.closedByServer()).isTrue();
        }
        assertThatThrownBy(() -> new WyomingClient(port)).isInstanceOf(UncheckedIOException.class);
    }
}
