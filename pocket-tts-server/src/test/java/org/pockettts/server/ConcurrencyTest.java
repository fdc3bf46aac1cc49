package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;

/** Requests served side by side give exactly what each gives alone: generations share nothing but the model. */
class ConcurrencyTest {

    private static TestServer fixture;
    private static TtsServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        // Four at once and the rest queued: both paths are taken.
        server = fixture.start(TestServer.config().maxConcurrent(4).maxQueue(16));
        http = new Http(TestServer.base(server));
    }

    @AfterAll
    static void stop() {
        server.stop();
        fixture.close();
    }

    private record Case(String name, String golden, Function<Http, Http.Response> send) {
    }

    private static List<Case> cases() throws IOException {
        byte[] wav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        String url = fixture.voiceWavUrl();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("default voice", "gen3", h -> h.post("/tts", GoldenSpeechTest.form("gen3"))));
        cases.add(new Case("alba by name", "gen3",
                h -> h.post("/tts", GoldenSpeechTest.form("gen3").field("voice_url", "alba"))));
        cases.add(new Case("upload", "gen1",
                h -> h.post("/tts", GoldenSpeechTest.form("gen1").file("voice_wav", "a.wav", wav))));
        cases.add(new Case("URL", "gen1", h -> h.post("/tts", GoldenSpeechTest.form("gen1").field("voice_url", url))));
        cases.add(new Case("URL, two steps", "gen2",
                h -> h.post("/tts", GoldenSpeechTest.form("gen2").field("voice_url", url))));
        cases.add(new Case("upload, no EOS", "gen0",
                h -> h.post("/tts", GoldenSpeechTest.form("gen0").file("voice_wav", "b.wav", wav))));
        cases.add(new Case("OpenAI PCM", null, h -> h.postJson("/v1/audio/speech",
                GoldenSpeechTest.json("gen3", ", \"response_format\": \"pcm\""))));
        cases.add(new Case("sampled with a seed", null, h -> h.post("/tts", Http.form()
                .field("text", "A sampled sentence, reproducible with its seed.").field("temperature", "0.7")
                .field("seed", "42").field("eos_threshold", "-6"))));
        return cases;
    }

    /**
     * The same audio, allowing for the JIT: the engine's kernels run interpreted at first and
     * compiled later, and the two may round a float sum differently, which moves the odd sample
     * across a truncation boundary (one step). Sharing state between generations would change
     * far more than that.
     */
    private static void assertSameAudio(String name, byte[] actual, byte[] expected) {
        assertThat(actual.length).as(name + ": length").isEqualTo(expected.length);
        short[] a = Wav.pcm(actual, 0);
        short[] e = Wav.pcm(expected, 0);
        int differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != e[i]) {
                assertThat(Math.abs(a[i] - e[i])).as("%s: sample %d", name, i).isEqualTo(1);
                differing++;
            }
        }
        assertThat(differing).as(name + ": samples off by one").isLessThanOrEqualTo(a.length / 1000);
    }

    @Test
    void eightConcurrentRequestsEachGiveTheirSingleRequestOutput() throws Exception {
        List<Case> cases = cases();
        for (Case c : cases) {
            // Warm-up: the first runs are interpreted (see assertSameAudio).
            assertThat(c.send().apply(http).status()).isEqualTo(200);
        }
        List<byte[]> alone = new ArrayList<>();
        for (Case c : cases) {
            Http.Response r = c.send().apply(http);
            assertThat(r.status()).as(c.name() + ": " + r.text()).isEqualTo(200);
            alone.add(r.body());
        }

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> together = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(cases.size())) {
            for (Case c : cases) {
                Http own = new Http(TestServer.base(server));
                together.add(clients.submit(() -> {
                    go.await();
                    return c.send().apply(own);
                }));
            }
            go.countDown();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                Http.Response r = together.get(i).get();
                assertThat(r.status()).as(c.name() + ": " + r.text()).isEqualTo(200);
                assertSameAudio(c.name(), r.body(), alone.get(i));
                if (c.golden() != null) {
                    Wav.assertMatchesGolden(Wav.streamedSamples(r.body()),
                            Fixtures.goldenTensors().floats(c.golden() + ".audio"));
                }
            }
        }
        assertThat(MetricsText.value(http, "pockettts_generations_total{outcome=\"completed\"}")).isEqualTo(24);
    }
}
