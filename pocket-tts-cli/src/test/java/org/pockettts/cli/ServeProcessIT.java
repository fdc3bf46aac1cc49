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

    @Test
    void servesSpeechAndStopsOnSigterm() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(JAVA, "--add-modules", "jdk.incubator.vector", "-jar", JAR.toString(),
                "serve", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString(),
                "--host", "127.0.0.1", "--port", "0", "--max-concurrent", "1");
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
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> out.lines().reduce("", (a, b) -> a + b + "\n"));

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
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(base).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("<title>Pocket TTS</title>");

        // SIGTERM, leaving the output stream open to read the last lines (Process.destroy closes it).
        p.toHandle().destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String after = rest.get(10, TimeUnit.SECONDS);
        assertThat(after).contains("Shutting down...").contains("Stopped.");
        assertThat(after).doesNotContain("Exception");
        assertThat(List.of(0, 143)).contains(p.exitValue());
    }
}
