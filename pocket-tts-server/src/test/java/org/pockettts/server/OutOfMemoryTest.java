package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Wav;

/**
 * A server in a JVM with a small heap (64 MB) is asked to clone a voice from a 30 s recording, which
 * needs more: that request is answered 503 with a detail and its id, the log has the id with the
 * stack trace, and the server goes on serving.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutOfMemoryTest {

    /** 30 s of 16-bit noise at 48 kHz: 2.9 MB, well within the upload limit. */
    private static byte[] longRecording() {
        int rate = 48_000;
        int frames = 30 * rate;
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * frames).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * frames)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(2 * rate).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * frames);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < frames; i++) {
            wav.putShort((short) random.nextInt(-8000, 8000));
        }
        return wav.array();
    }

    @Test
    void aRequestThatRunsOutOfMemoryFailsAloneAndTheServerGoesOn(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")), SmallHeapServer.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(log, child);
            Http http = new Http(URI.create("http://127.0.0.1:" + port + "/"));

            Http.Response exhausting = http.post("/tts", Http.form().field("text", "Hello.")
                    .file("voice_wav", "long.wav", longRecording()));
            assertThat(exhausting.status()).as(exhausting.text()).isEqualTo(503);
            String id = exhausting.header(RequestIds.HEADER);
            assertThat(exhausting.text()).contains("ran out of memory").contains("request " + id)
                    .doesNotContain("OutOfMemoryError");
            assertThat(exhausting.header("Retry-After")).isNotNull();

            Http.Response normal = http.post("/tts", Http.form().field("text", "Hello.").field("temperature", "0")
                    .field("eos_threshold", "-6"));
            assertThat(normal.status()).as(normal.text()).isEqualTo(200);
            assertThat(Wav.streamedSamples(normal.body())).isNotEmpty();
            assertThat(http.get("/health").status()).isEqualTo(200);

            String logged = Files.readString(log);
            assertThat(logged).contains("Request " + id);
            assertThat(logged.substring(logged.indexOf("Request " + id))).contains("java.lang.OutOfMemoryError")
                    .contains("\tat org.pockettts.");
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }

    private static int awaitPort(Path log, Process child) throws IOException, InterruptedException {
        while (child.isAlive()) {
            if (Files.exists(log)) {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(Files.newInputStream(log),
                        StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.startsWith("port ")) {
                            return Integer.parseInt(line.substring(5).trim());
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the server did not start: " + Files.readString(log));
    }
}
