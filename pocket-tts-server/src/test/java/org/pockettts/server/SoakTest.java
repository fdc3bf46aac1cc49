package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * The server under a mix of good and bad clients for a while — {@code soak.seconds}, 40 by default;
 * {@code -Psoak} runs it for 10 minutes — then left alone: its heap after a collection and its live
 * threads must come back to where they were before. Bad clients: bodies that trickle in, clients
 * that vanish mid-stream or while queued, huge uploads, hostile WAV headers, out-of-range parameters,
 * voice URLs that point at the server's own machine, redirect there, trickle, hang or never end.
 * Good clients must be served (or told 503 when the server is full) throughout. The figures are
 * written to {@code target/soak-report.txt}.
 */
@Tag("soak")
class SoakTest {

    /**
     * Memory the server may keep for good: its voice cache (the test's one voice takes far less), and
     * room for the collector and the web server's buffer pool. A leak of a few hundred bytes per
     * request would show over the hundreds of thousands of requests of a 10-minute run.
     */
    private static final long VOICE_CACHE = 4L << 20;
    private static final long HEAP_SLACK = VOICE_CACHE + (12L << 20);
    /** Threads that come and go with the JDK's and the web server's pools. */
    private static final int THREAD_SLACK = 6;

    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    @Test
    void memoryAndThreadsComeBackAfterMixedAbuse(@TempDir Path voiceFiles) throws Exception {
        long seconds = Long.getLong("soak.seconds", 40);
        byte[] voice = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        TestNetwork net = new TestNetwork().declarePublic("127.0.0.2").resolve("voices.test", "127.0.0.2")
                .resolve("internal.test", "127.0.0.1");
        try (TestServer fixture = new TestServer();
             TestOrigin origin = TestOrigin.http("127.0.0.2", 0);
             TestOrigin internal = TestOrigin.http("127.0.0.1", 0)) {
            internal.file("/voice.wav", voice);
            origin.file("/voice.wav", voice).redirect("/to-internal", 302, "http://127.0.0.1:" + internal.port()
                    + "/voice.wav").drip("/drip", 100).hang("/hang").endless("/endless", 1L << 40)
                    .file("/notes.wav", "not audio".getBytes(StandardCharsets.US_ASCII));
            TtsServer server = new TtsServer(fixture.model, fixture.withFixture(TestServer.config().maxConcurrent(2)
                    .maxQueue(8).voiceFetchTimeout(Duration.ofSeconds(3)).voiceCacheBytes(VOICE_CACHE)
                    .voiceFileCache(voiceFiles).voiceFileCacheBytes(1L << 20)).build(), net.network(),
                    EngineWork.of(fixture.model)).start();
            Http http = new Http(TestServer.base(server));
            String publicBase = "http://voices.test:" + origin.port();
            List<Client> clients = clients(server, http, publicBase, internal.port());

            // Every kind once, so that pools and caches that grow on first use have grown.
            List<Thread> warmUp = new ArrayList<>();
            for (Client c : clients) {
                warmUp.add(Thread.ofVirtual().start(c::once));
            }
            for (Thread t : warmUp) {
                t.join();
            }
            settle(server);
            // The test's own records are not the server's memory.
            origin.clearRequests();
            int threadsBefore = quietThreadCount();
            long heapBefore = heapAfterCollection();

            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (Client c : clients) {
                threads.add(Thread.ofVirtual().name("soak-" + c.name()).start(() -> {
                    while (running && System.nanoTime() < end) {
                        c.once();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            running = false;
            settle(server);
            origin.clearRequests();
            int threadsAfter = quietThreadCount();
            long heapAfter = heapAfterCollection();
            report(seconds, heapBefore, heapAfter, threadsBefore, threadsAfter);

            assertThat(failures).as("unexpected answers").isEmpty();
            assertThat(internal.requests()).as("requests that reached the server's own machine").isEmpty();
            for (Client c : clients) {
                assertThat(outcomes.get(c.name() + " " + c.expected())).as(c.name() + " got its answer").isNotNull();
            }
            assertThat(heapAfter).as("heap after a collection, bytes").isLessThanOrEqualTo(heapBefore + HEAP_SLACK);
            assertThat(threadsAfter).as("live threads").isLessThanOrEqualTo(threadsBefore + THREAD_SLACK);
            assertThat(engineThreads()).as("generation threads left").isZero();
            TestServer.assertStillServes(http);
            server.stop();
        }
    }

    /** One kind of client: what it does once, and the answer it expects. */
    private record Client(String name, String expected, Attempt attempt) {
        void once() {
            attempt.run();
        }
    }

    @FunctionalInterface
    private interface Attempt {
        void run();
    }

    private List<Client> clients(TtsServer server, Http http, String publicBase, int internalPort) {
        int port = server.port();
        List<Client> all = new ArrayList<>();
        all.add(client("good", "200", () -> speech(http.post("/tts", Http.form().field("text", "A good request.")
                .field("temperature", "0").field("eos_threshold", "-6")))));
        all.add(client("good-openai", "200", () -> speech(http.postJson("/v1/audio/speech",
                "{\"input\": \"Also good.\", \"temperature\": 0, \"eos_threshold\": -6}"))));
        all.add(client("good-voice-url", "200", () -> speech(http.post("/tts", Http.form().field("text", "Hello.")
                .field("voice_url", publicBase + "/voice.wav").field("temperature", "0").field("eos_threshold", "-6")))));
        all.add(client("bad-parameters", "422", () -> status(http.post("/tts", Http.form().field("text", "Hi.")
                .field("lsd_decode_steps", "1000000000").field("noise_clamp", "1e-45")))));
        all.add(client("hostile-wav", "422", () -> status(http.post("/tts", Http.form().field("text", "Hi.")
                .file("voice_wav", "bomb.wav", UploadBombsTest.wav(3, 65535, 24000, 64, new byte[16], 16))))));
        Map<String, String> hostileUrls = Map.of("loopback", "http://127.0.0.1:" + internalPort + "/voice.wav",
                "name-of-loopback", "http://internal.test:" + internalPort + "/voice.wav",
                "redirect-to-loopback", publicBase + "/to-internal", "trickling", publicBase + "/drip",
                "silent", publicBase + "/hang", "endless", publicBase + "/endless", "not-audio", publicBase + "/notes.wav",
                "metadata-service", "http://169.254.169.254/latest/meta-data/");
        hostileUrls.forEach((kind, url) -> all.add(client("voice-url-" + kind, "422", () -> status(http.post("/tts",
                Http.form().field("text", "Hi.").field("voice_url", url))))));
        all.add(client("huge-upload", "413", () -> raw(port, RawRequest.head("POST", "/tts", port,
                "multipart/form-data; boundary=x", 25L << 20), false)));
        all.add(client("trickling-body", "cut", () -> trickle(port)));
        all.add(client("vanishing-listener", "gone", () -> vanishMidStream(port)));
        all.add(client("vanishing-while-waiting", "gone", () -> raw(port, RawRequest.concat(
                RawRequest.head("POST", "/tts", port, "application/x-www-form-urlencoded", 34),
                "text=Gone+before+anything+is+heard".getBytes(StandardCharsets.US_ASCII)), true)));
        return all;
    }

    private Client client(String name, String expected, java.util.function.Supplier<String> attempt) {
        return new Client(name, expected, () -> {
            String outcome;
            try {
                outcome = attempt.get();
            } catch (RuntimeException e) {
                outcome = e.toString();
            }
            outcomes.computeIfAbsent(name + " " + outcome, k -> new LongAdder()).increment();
            boolean busy = outcome.equals("503");
            if (!outcome.equals(expected) && !busy && running) {
                failures.add(name + ": expected " + expected + ", got " + outcome);
            }
        });
    }

    private static String speech(Http.Response r) {
        if (r.status() == 200 && Wav.streamedSamples(r.body()).length == 0) {
            return "200 without audio";
        }
        return Integer.toString(r.status());
    }

    private static String status(Http.Response r) {
        boolean json = r.text().startsWith("{\"detail\":\"");
        return json || r.status() == 200 ? Integer.toString(r.status()) : r.status() + " without a JSON detail";
    }

    /** Sends {@code bytes}; either reads the status of the answer, or hangs up at once ({@code vanish}). */
    private static String raw(int port, byte[] bytes, boolean vanish) {
        try (RawRequest r = RawRequest.open(port, bytes)) {
            if (vanish) {
                return "gone";
            }
            String answer = r.answer();
            return answer.length() >= 12 ? answer.substring(9, 12) : "no answer";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A body of 200 bytes, one every 300 ms: the server must cut it off. */
    private static String trickle(int port) {
        try (RawRequest r = RawRequest.open(port, RawRequest.head("POST", "/tts", port,
                "application/x-www-form-urlencoded", 200))) {
            for (int i = 0; i < 200; i++) {
                r.write(new byte[] {'a'});
                Thread.sleep(300);
            }
            return "not cut";
        } catch (IOException e) {
            return "cut";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts a long generation, reads a little of it, and hangs up. */
    private static String vanishMidStream(int port) {
        try (RawStream stream = RawStream.post(port, "/tts", StreamingTest.endless())) {
            if (stream.status() != 200) {
                return Integer.toString(stream.status());
            }
            stream.read(Wav.HEADER + 4 * StreamingTest.FRAME_BYTES);
            return "gone";
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Waits until the server runs nothing and holds no request. */
    private static void settle(TtsServer server) {
        MetricsText.await("the server is idle", () -> {
            String m = server.metricsText();
            return MetricsText.value(m, StreamingTest.IN_FLIGHT) == 0 && MetricsText.value(m, StreamingTest.QUEUED) == 0;
        });
    }

    private static long heapAfterCollection() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static int threads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.getThreadCount();
    }

    private static long engineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pocket-tts-flowlm-") || t.getName().startsWith("pocket-tts-mimi-"))
                .count();
    }

    /**
     * The number of live threads once the pools have let their idle threads go: it is read until it
     * has not fallen for a while (the web server's pool lets idle threads go after 5 s), or for at
     * most 90 s.
     */
    private static int quietThreadCount() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        int lowest = threads();
        int steady = 0;
        while (steady < 8 && System.nanoTime() < end) {
            Thread.sleep(1000);
            int now = threads();
            steady = now < lowest ? 0 : steady + 1;
            lowest = Math.min(lowest, now);
        }
        return lowest;
    }

    private void report(long seconds, long heapBefore, long heapAfter, int threadsBefore, int threadsAfter)
            throws IOException {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "soak of %d s%nheap after collection: %.1f MB before, %.1f MB after%n"
                + "live threads: %d before, %d after%n%noutcomes:%n", seconds, heapBefore / 1048576.0,
                heapAfter / 1048576.0, threadsBefore, threadsAfter));
        new TreeMap<>(outcomes).forEach((k, v) -> out.append("  ").append(k).append(": ").append(v.sum()).append('\n'));
        out.append("\nlive threads by name:\n");
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        names.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
        if (!failures.isEmpty()) {
            out.append("\nunexpected:\n");
            failures.forEach(f -> out.append("  ").append(f).append('\n'));
        }
        Path target = Path.of(System.getProperty("pockettts.artifacts", "target"));
        Files.createDirectories(target);
        Files.writeString(target.resolve("soak-report.txt"), out);
        System.out.print(out);
    }
}
