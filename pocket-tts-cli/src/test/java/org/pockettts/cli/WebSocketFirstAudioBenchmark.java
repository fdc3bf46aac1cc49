package org.pockettts.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.AudioStream;
import org.pockettts.GenerationOptions;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.benchmark.Benchmark;
import org.pockettts.server.ServerConfig;
import org.pockettts.server.TtsServer;

/**
 * First audio of {@code /v1/audio/speech/stream}: the time from sending the message that completes
 * the first sentence to the first binary message received, on the full-size model (seeded random
 * weights, as {@code pocket-tts bench} builds it) with a warm server. A measurement, not a test: its
 * name keeps it out of the test runs; run it with
 *
 * <pre>{@code ./mvnw -B -ntp -pl pocket-tts-cli -am test -Dtest=WebSocketFirstAudioBenchmark -Dsurefire.failIfNoSpecifiedTests=false}</pre>
 *
 * and read {@code pocket-tts-cli/target/websocket-first-audio.txt}. The engine's own time to its
 * first frame for the same sentence is measured beside it, to show what the server adds.
 */
class WebSocketFirstAudioBenchmark {

    private static final int WARM_UP = 5;
    private static final int RUNS = 15;
    private static final String START = "{\"text\": \"Sure, here is what I found about your question\"}";
    private static final String COMPLETION = "{\"text\": \". The first\"}";
    private static final String SENTENCE = "Sure, here is what I found about your question.";

    @TempDir
    Path dir;

    @Test
    void firstAudioAfterTheFirstSentenceEnds() throws Exception {
        try (TtsModel model = Benchmark.randomModel(42)) {
            Voice voice = Benchmark.syntheticVoice(model, 125, 42);
            Path voiceFile = dir.resolve("voice.safetensors");
            voice.save(voiceFile);
            ServerConfig config = ServerConfig.builder().host("127.0.0.1").port(0).maxConcurrent(1)
                    .defaultVoice(voiceFile.toString()).voicesDir(dir.resolve("voices"))
                    .voiceFileCache(dir.resolve("cache")).build();
            double[] socket = new double[RUNS];
            double[] engine = new double[RUNS];
            try (TtsServer server = new TtsServer(model, config).start()) {
                HttpClient client = HttpClient.newHttpClient();
                for (int i = 0; i < WARM_UP + RUNS; i++) {
                    double ms = once(client, server);
                    if (i >= WARM_UP) {
                        socket[i - WARM_UP] = ms;
                    }
                }
            }
            for (int i = 0; i < WARM_UP + RUNS; i++) {
                double ms = engineFirstFrame(model, voice);
                if (i >= WARM_UP) {
                    engine[i - WARM_UP] = ms;
                }
            }
            String report = String.format(Locale.ROOT, "websocket first audio (ms) over %d warm runs: median %.1f,"
                            + " min %.1f, max %.1f; engine first frame alone: median %.1f, min %.1f; %d cores, %s%n",
                    RUNS, median(socket), min(socket), max(socket), median(engine), min(engine),
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            System.out.print(report);
            Files.writeString(Path.of("target", "websocket-first-audio.txt"), report);
        }
    }

    /** One connection: the first part of a sentence, then its end; the time until the first audio. */
    private static double once(HttpClient client, TtsServer server) throws Exception {
        CompletableFuture<Long> firstAudio = new CompletableFuture<>();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/v1/audio/speech/stream"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                        firstAudio.complete(System.nanoTime());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        firstAudio.completeExceptionally(new IllegalStateException("the server said " + data));
                        return null;
                    }
                }).join();
        socket.sendText(START, true).join();
        long sent = System.nanoTime();
        socket.sendText(COMPLETION, true).join();
        long received = firstAudio.get(2, TimeUnit.MINUTES);
        socket.abort();
        awaitIdle(client, server);
        return (received - sent) / 1e6;
    }

    /** Waits until the server runs no generation: the stopped one has freed its slot. */
    private static void awaitIdle(HttpClient client, TtsServer server) throws IOException, InterruptedException {
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build();
        while (!client.send(metrics, HttpResponse.BodyHandlers.ofString()).body()
                .contains("\npockettts_generations_in_flight 0")) {
            Thread.sleep(10);
        }
    }

    private static double engineFirstFrame(TtsModel model, Voice voice) {
        long start = System.nanoTime();
        try (AudioStream stream = model.stream(voice, SENTENCE, GenerationOptions.defaults())) {
            stream.next();
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
