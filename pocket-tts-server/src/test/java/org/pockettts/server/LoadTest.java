package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test on loopback with the tiny model: a fixed number of requests (short texts,
 * alternately on {@code /tts} and on {@code /v1/audio/speech}) from a fixed number of clients, each
 * sending its next request as soon as the previous answer has fully arrived. Reports throughput,
 * latency percentiles and errors (which must be none) to standard output and
 * {@code target/load-test.txt}; asserts nothing about time. Excluded from the normal build; run it
 * with {@code ./mvnw -B -pl pocket-tts-server verify -Pload} (after {@code ./mvnw -B install
 * -DskipTests}), and size it with {@code -Dload.requests=200 -Dload.clients=8
 * -Dload.maxConcurrent=2 -Dload.queue=16}.
 */
@Tag("load")
class LoadTest {

    private static final String[] TEXTS = {
        "Hello there.", "The weather is nice today.", "Please hold the line.", "Your order has shipped.",
        "Turn left at the next corner.", "The meeting starts at noon.", "Thank you for calling.",
        "This is a short test sentence.",
    };

    /** One answered request. */
    private record Result(boolean ok, String error, long firstAudioNanos, long totalNanos, long audioSamples) {
    }

    @Test
    void boundedLoadOnLoopback() throws Exception {
        int requests = Integer.getInteger("load.requests", 200);
        int clients = Integer.getInteger("load.clients", 8);
        int slots = Integer.getInteger("load.maxConcurrent", Runtime.getRuntime().availableProcessors());
        int queue = Integer.getInteger("load.queue", 16);
        try (TestServer fixture = new TestServer()) {
            TtsServer server = fixture.start(TestServer.config().maxConcurrent(slots).maxQueue(queue));
            try {
                URI base = TestServer.base(server);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                // A few requests first so that the numbers are of compiled code, not of the JIT's warm-up.
                for (int i = 0; i < 8; i++) {
                    send(client, base, i);
                }
                AtomicInteger next = new AtomicInteger();
                ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                    List<Future<?>> running = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        running.add(pool.submit(() -> {
                            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                                results.add(send(client, base, i));
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : running) {
                        f.get();
                    }
                }
                long wall = System.nanoTime() - start;
                String report = report(new ArrayList<>(results), wall, requests, clients, slots, queue,
                        server.metricsText());
                System.out.println(report);
                Path out = Path.of(System.getProperty("pockettts.artifacts", "target")).resolve("load-test.txt");
                Files.writeString(out, report);
                assertThat(results).hasSize(requests);
                assertThat(results.stream().filter(r -> !r.ok()).map(Result::error).toList()).as("errors").isEmpty();
            } finally {
                server.stop();
            }
        }
    }

    private static Result send(HttpClient client, URI base, int i) {
        String text = TEXTS[i % TEXTS.length];
        boolean openAi = i % 2 == 1;
        HttpRequest.Builder request;
        if (openAi) {
            String json = "{\"model\": \"pocket-tts\", \"input\": \"" + text + "\", \"voice\": \"alba\","
                    + " \"response_format\": \"wav\", \"seed\": " + i + "}";
            request = HttpRequest.newBuilder(base.resolve("/v1/audio/speech")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
        } else {
            String form = "text=" + java.net.URLEncoder.encode(text, StandardCharsets.UTF_8) + "&seed=" + i;
            request = HttpRequest.newBuilder(base.resolve("/tts"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<InputStream> r = client.send(request.timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                if (r.statusCode() != 200) {
                    return new Result(false, r.statusCode() + " " + new String(body.readAllBytes(),
                            StandardCharsets.UTF_8), 0, System.nanoTime() - t0, 0);
                }
                // The header, then the first frame: the moment a listener would start hearing speech.
                byte[] first = body.readNBytes(Wav.HEADER + 3840);
                long firstAudio = System.nanoTime() - t0;
                long bytes = first.length + body.transferTo(java.io.OutputStream.nullOutputStream());
                long total = System.nanoTime() - t0;
                boolean wav = first.length >= 4 && new String(first, 0, 4, StandardCharsets.US_ASCII).equals("RIFF");
                long samples = (bytes - Wav.HEADER) / 2;
                return wav && samples > 4800 ? new Result(true, null, firstAudio, total, samples - 4800)
                        : new Result(false, "malformed WAV of " + bytes + " bytes", 0, total, 0);
            }
        } catch (IOException | InterruptedException e) {
            return new Result(false, e.toString(), 0, System.nanoTime() - t0, 0);
        }
    }

    private static String report(List<Result> results, long wallNanos, int requests, int clients, int slots,
                                 int queue, String metrics) {
        List<Long> total = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        long samples = 0;
        int errors = 0;
        for (Result r : results) {
            if (r.ok()) {
                total.add(r.totalNanos());
                first.add(r.firstAudioNanos());
                samples += r.audioSamples();
            } else {
                errors++;
            }
        }
        Collections.sort(total);
        Collections.sort(first);
        double wall = wallNanos / 1e9;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Load test: %d requests from %d clients on loopback; server with %d"
                + " generation slots and a queue of %d; tiny model; %d cores%n", requests, clients, slots, queue,
                Runtime.getRuntime().availableProcessors()));
        s.append(String.format(Locale.ROOT, "  wall time        %.2f s%n", wall));
        s.append(String.format(Locale.ROOT, "  throughput       %.1f requests/s, %.1f s of audio per second%n",
                (results.size() - errors) / wall, samples / 24000.0 / wall));
        s.append(String.format(Locale.ROOT, "  audio per answer %.2f s on average%n",
                total.isEmpty() ? 0 : samples / 24000.0 / total.size()));
        s.append(line("latency (whole)", total));
        s.append(line("first audio", first));
        s.append(String.format(Locale.ROOT, "  errors           %d%n", errors));
        s.append(String.format(Locale.ROOT, "  server metrics   %s%n", serverSide(metrics)));
        return s.toString();
    }

    private static String line(String what, List<Long> sorted) {
        return String.format(Locale.ROOT, "  %-16s p50 %6.1f ms   p90 %6.1f ms   p99 %6.1f ms   max %6.1f ms%n", what,
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                sorted.isEmpty() ? 0 : sorted.getLast() / 1e6);
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    private static String serverSide(String metrics) {
        double completed = MetricsText.value(metrics, "pockettts_generations_total{outcome=\"completed\"}");
        double rtfSum = MetricsText.value(metrics, "pockettts_real_time_factor_sum");
        double rtfCount = MetricsText.value(metrics, "pockettts_real_time_factor_count");
        return String.format(Locale.ROOT, "%.0f generations completed, %.0f cancelled, %.0f failed; mean real-time"
                        + " factor %.3f; %.1f s of audio", completed,
                MetricsText.value(metrics, "pockettts_generations_total{outcome=\"cancelled\"}"),
                MetricsText.value(metrics, "pockettts_generations_total{outcome=\"failed\"}"),
                rtfCount == 0 ? 0 : rtfSum / rtfCount, MetricsText.value(metrics, "pockettts_audio_seconds_total"));
    }
}
