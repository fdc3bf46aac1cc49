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
 * A server in a JVM with a small heap (64 MB) is sent a voice that needs more memory to decode than
 * it has: a 20 MB upload of 8-bit audio at 768 kHz, 26 s of 20 million samples, which take 80 MB as
 * floats (the engine reads only as much as a file holds, so the memory goes with what was sent).
 * That request is answered 413 with a detail, the log has its id with the stack trace, and the
 * server goes on serving. (Cloning a voice from the longest recording the server takes, 30 s, now
 * fits in such a heap: the engine encodes it in bounded memory. Running out of memory in a
 * generation, which the tiny model never does, is {@link EngineFaultsTest}'s.)
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutOfMemoryTest {

    /** 20 MB of 8-bit noise at 768 kHz, the most channels-per-second a WAV voice may have. */
    private static byte[] hugeRecording() {
        int rate = 768_000;
        int frames = 20_000_000 - 44;
        ByteBuffer wav = ByteBuffer.allocate(44 + frames).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate).putShort((short) 1).putShort((short) 8)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames);
        SplittableRandom random = new SplittableRandom(7);
        byte[] samples = new byte[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (byte) random.nextInt(96, 160);
        }
        return wav.put(samples).array();
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
                    .file("voice_wav", "huge.wav", hugeRecording()));
            assertThat(exhausting.status()).as(exhausting.text()).isEqualTo(413);
            String id = exhausting.header(RequestIds.HEADER);
            assertThat(exhausting.text()).contains("huge.wav").contains("needs more memory than this server allows")
                    .doesNotContain("OutOfMemoryError");

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
