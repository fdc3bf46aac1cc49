package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
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

/** {@code pocket-tts wyoming} from the packaged jar: answers a Wyoming client, and stops cleanly on SIGTERM. */
class WyomingProcessIT {

    private static final Pattern LISTENING = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void speaksToAWyomingClientAndStopsOnSigterm() throws Exception {
        // A saved voice, the default voice by its name and listed to clients.
        java.nio.file.Files.createDirectories(dir.resolve("voices"));
        java.nio.file.Files.copy(Fixtures.tiny("voice_embedding.safetensors"), dir.resolve("voices/mine.safetensors"));
        ProcessBuilder pb = new ProcessBuilder(ChildProcess.JAVA, "-Xmx512m", "--add-modules", "jdk.incubator.vector",
                "-jar", ChildProcess.JAR.toString(), "wyoming", "--config", Fixtures.tiny("tiny.yaml").toString(),
                "--compat", "1.0", "--voice", "mine",
                "--uri", "tcp://127.0.0.1:0", "--voices-dir", dir.resolve("voices").toString(), "--max-concurrent", "1");
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("HF_HOME", dir.resolve("hf").toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            p.getOutputStream().close();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder log = new StringBuilder();
            int port = -1;
            while (port < 0) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                log.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertThat(port).as(log.toString()).isPositive();
            CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> out.lines()
                    .reduce("", (a, b) -> a + b + "\n"));

            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                OutputStream os = socket.getOutputStream();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                os.write("{\"type\":\"describe\"}\n".getBytes(StandardCharsets.UTF_8));
                JsonNode info = read(in);
                assertThat(info.get("type").asText()).isEqualTo("info");
                List<String> voices = new java.util.ArrayList<>();
                info.get("data").get("tts").get(0).get("voices").forEach(v -> voices.add(v.get("name").asText()));
                assertThat(voices).contains("alba", "mine");
                byte[] data = "{\"text\":\"Hello.\"}".getBytes(StandardCharsets.UTF_8);
                os.write(("{\"type\":\"synthesize\",\"data_length\":" + data.length + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
                os.write(data);
                List<String> types = new java.util.ArrayList<>();
                long audioBytes = 0;
                while (types.isEmpty() || !types.getLast().equals("audio-stop")) {
                    JsonNode header = read(in);
                    types.add(header.get("type").asText());
                    audioBytes += header.path("payload_length").asLong(0);
                }
                assertThat(types.getFirst()).isEqualTo("audio-start");
                assertThat(audioBytes).isPositive();
            }

            p.toHandle().destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(List.of(0, 143)).contains(p.exitValue());
            String after = rest.get(10, TimeUnit.SECONDS);
            assertThat(after).contains("Shutting down...").contains("Stopped.").doesNotContain("Exception");
        } finally {
            p.destroyForcibly();
        }
    }

    /** Reads one event: its header, with its data section as {@code data}; the payload is dropped. */
    private static JsonNode read(DataInputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("closed");
            }
            line.write(b);
        }
        com.fasterxml.jackson.databind.node.ObjectNode header =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line.toByteArray());
        byte[] data = new byte[header.path("data_length").asInt(0)];
        in.readFully(data);
        if (data.length > 0) {
            header.set("data", JSON.readTree(data));
        }
        in.skipNBytes(header.path("payload_length").asLong(0));
        return header;
    }
}
