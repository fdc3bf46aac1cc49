package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** {@code pocket-tts serve} from the packaged jar: serves, and stops cleanly on SIGTERM. */
class ServeProcessIT {

    private static final Path JAR = Path.of(System.getProperty("pockettts.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+/)");

    @TempDir
    Path dir;

    /** A running {@code serve}: its address, and the rest of what it prints (complete when it ends). */
    private record Server(Process process, URI base, CompletableFuture<String> rest) {
    }

    private Server serve(String heap) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(JAVA, heap, "--add-modules", "jdk.incubator.vector", "-jar",
                JAR.toString(), "serve", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString(),
                "--host", "127.0.0.1", "--port", "0", "--max-concurrent", "1", "--voice-urls", "none",
                "--max-text-chars", "1000", "--max-audio-seconds", "60", "--voices-dir", dir.resolve("voices").toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("HF_HOME", dir.resolve("hf").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        URI base = null;
        while (base == null) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            log.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                base = URI.create(m.group(1));
            }
        }
        assertThat(base).as(log.toString()).isNotNull();
        // Only the server's own line: no web-server chatter on the command line.
        assertThat(log.toString()).doesNotContain("Javalin").doesNotContain("jetty");
        return new Server(p, base, CompletableFuture.supplyAsync(() -> out.lines().reduce("", (a, b) -> a + b + "\n")));
    }

    /** SIGTERM, leaving the output stream open to read the last lines (Process.destroy closes it). */
    private static String stop(Server server) throws Exception {
        server.process().toHandle().destroy();
        assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(List.of(0, 143)).contains(server.process().exitValue());
        return server.rest().get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesSpeechAndStopsOnSigterm() throws Exception {
        new org.pockettts.SavedVoices(dir.resolve("voices")).save("mine", Fixtures.tinyVoice());
        Server server = serve("-Xmx512m");
        try {
            URI base = server.base();

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("{\"status\":\"healthy\"}");
            HttpResponse<byte[]> speech = http.send(HttpRequest.newBuilder(base.resolve("/v1/audio/speech"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"Hello.\", \"temperature\": 0}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(speech.statusCode()).isEqualTo(200);
            assertThat(new String(speech.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<title>Pocket TTS</title>");
            // The voice saved in --voices-dir is listed and speaks.
            HttpResponse<String> voices = http.send(HttpRequest.newBuilder(base.resolve("/v1/audio/voices")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(voices.body()).contains("{\"id\":\"mine\",\"kind\":\"saved\"}");
            HttpResponse<byte[]> mine = http.send(HttpRequest.newBuilder(base.resolve("/v1/audio/speech"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"input\": \"Hi.\", \"voice\": \"mine\"}")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(mine.statusCode()).isEqualTo(200);

            String after = stop(server);
            assertThat(after).contains("Shutting down...").contains("Stopped.");
            assertThat(after).doesNotContain("Exception");
        } finally {
            server.process().destroyForcibly();
        }
    }

    /**
     * With a small heap, a voice upload that needs more memory to decode than there is (20 MB of 8-bit
     * audio at 768 kHz: 80 MB of samples) runs out of memory: that request is answered 413, the log
     * shows the request's id with the stack trace, and the server goes on.
     */
    @Test
    void aMemoryErrorIsLoggedWithTheRequestIdAndItsTrace() throws Exception {
        Server server = serve("-Xmx64m");
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String boundary = "pocket-tts-it";
            byte[] form = concat(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nHello.\r\n--"
                    + boundary + "\r\nContent-Disposition: form-data; name=\"voice_wav\"; filename=\"huge.wav\"\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), hugeRecording(),
                    ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            HttpResponse<String> failed = http.send(HttpRequest.newBuilder(server.base().resolve("/tts"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(failed.statusCode()).as(failed.body()).isEqualTo(413);
            assertThat(failed.body()).contains("needs more memory than this server allows");
            String id = failed.headers().firstValue("X-Request-Id").orElseThrow();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.base().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            String log = stop(server);
            assertThat(log).contains("Error: Request " + id + ": answered 413" + System.lineSeparator()
                    + "java.lang.OutOfMemoryError");
            assertThat(log.substring(log.indexOf("Request " + id))).contains("\tat org.pockettts.");
        } finally {
            server.process().destroyForcibly();
        }
    }

    /** 20 MB of 8-bit mono noise at 768 kHz, the fastest rate a voice may have, as a WAV file. */
    private static byte[] hugeRecording() {
        int rate = 768_000;
        int frames = 20_000_000 - 44;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + frames).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < frames; i++) {
            b.put((byte) random.nextInt(96, 160));
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }
}
