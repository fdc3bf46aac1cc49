package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile uploads and broken requests: each is answered with a 4xx and a JSON {@code detail} (never a
 * 500 or an empty answer), and the server keeps serving. The WAV files are written here byte by
 * byte, so that they are exactly as hostile as intended.
 */
class UploadBombsTest {

    private static TestServer fixture;
    private static TtsServer server;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = new TestServer();
        server = fixture.start(TestServer.config());
        http = new Http(TestServer.base(server));
    }

    @AfterAll
    static void stop() {
        server.stop();
        fixture.close();
    }

    @AfterEach
    void serverStillServes() {
        TestServer.assertStillServes(http);
    }

    /** A WAV file: RIFF header, a 16-byte fmt chunk as given, and a data chunk declaring {@code declared} bytes. */
    static byte[] wav(int formatCode, int channels, long rate, int bits, byte[] data, long declared) {
        ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        int block = channels * ((bits + 7) / 8);
        fmt.putShort((short) formatCode).putShort((short) channels).putInt((int) rate).putInt((int) (rate * block))
                .putShort((short) block).putShort((short) bits);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes("fmt ".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(le32(16));
        body.writeBytes(fmt.array());
        body.writeBytes("data".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(le32(declared));
        body.writeBytes(data);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("RIFF".getBytes(StandardCharsets.US_ASCII));
        file.writeBytes(le32(body.size()));
        file.writeBytes(body.toByteArray());
        return file.toByteArray();
    }

    private static byte[] le32(long value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array();
    }

    private static void assertClientError(Http.Response r, String... parts) {
        assertThat(r.status()).as(r.text()).isBetween(400, 499);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.text()).startsWith("{\"detail\":\"").doesNotContain("Exception").doesNotContain("java.")
                .doesNotContain("/tmp");
        for (String part : parts) {
            assertThat(r.text()).contains(part);
        }
    }

    /** A client error that the engine's header checks find before anything is allocated: 422. */
    private static void assertUnusable(Http.Response r, String... parts) {
        assertClientError(r, parts);
        assertThat(r.status()).isEqualTo(422);
    }

    private static Http.Response upload(String name, byte[] wav) {
        return http.post("/tts", Http.form().field("text", "Hi.").file("voice_wav", name, wav));
    }

    /** 60 bytes that declare 65535 channels: a frame of 128 KiB. */
    @Test
    void aWavDeclaring65535Channels() {
        byte[] bomb = wav(1, 65535, 24000, 16, new byte[16], 16);
        assertThat(bomb).hasSize(60);
        assertUnusable(upload("channels.wav", bomb), "channels.wav", "65535 channels");
    }

    /** The same with 64-bit float samples: a block size that overflows an int. */
    @Test
    void aFloat64WavDeclaring65535Channels() {
        assertUnusable(upload("float64.wav", wav(3, 65535, 24000, 64, new byte[16], 16)), "float64.wav",
                "65535 channels");
        assertUnusable(upload("float64-streaming.wav", wav(3, 65535, 24000, 64, new byte[16], 0xFFFFFFFFL)),
                "float64-streaming.wav", "65535 channels");
    }

    @Test
    void truncatedAndImpossibleWavs() {
        assertUnusable(upload("truncated.wav", wav(1, 1, 24000, 16, new byte[10], 48000)), "truncated");
        assertUnusable(upload("zero-bits.wav", wav(1, 1, 24000, 0, new byte[100], 100)), "0 bits");
        assertUnusable(upload("no-rate.wav", wav(1, 1, 0, 16, new byte[100], 100)), "0 Hz");
        assertUnusable(upload("no-channels.wav", wav(1, 0, 24000, 16, new byte[100], 100)), "zero channels");
        assertUnusable(upload("fast.wav", wav(1, 1, 0x7FFFFFFFL, 8, new byte[100_000], 100_000)), "Hz");
    }

    @Test
    void bytesThatAreNoWavAtAll() {
        assertUnusable(upload("image.wav", "\u0089PNG\r\n\u001a\n...".getBytes(StandardCharsets.ISO_8859_1)),
                "not a WAV file");
        assertUnusable(upload("zeros.wav", new byte[4096]), "not a WAV file");
        assertUnusable(upload("fake-voice.safetensors", "\u0010\u0000\u0000\u0000\u0000\u0000\u0000\u0000{\"x\":1}"
                .getBytes(StandardCharsets.ISO_8859_1)), "fake-voice.safetensors");
    }

    @Test
    void malformedMultipartBodies() throws IOException {
        assertClientError(http.post("/tts", "multipart/form-data; boundary=abc", "--nope\r\nrubbish\r\n".getBytes()),
                "Cannot read the multipart form");
        assertClientError(http.post("/tts", "multipart/form-data", "no boundary at all".getBytes()));
        byte[] unterminated = "--abc\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nHello".getBytes();
        assertClientError(http.post("/tts", "multipart/form-data; boundary=abc", unterminated),
                "Cannot read the multipart form");
    }

    /** A body shorter than its Content-Length, after which the client says it has sent everything. */
    @Test
    void aContentLengthLongerThanTheBody() throws IOException {
        Http.Form form = Http.form().field("text", "Hello.");
        byte[] body = form.bytes();
        try (RawRequest r = RawRequest.open(server.port(), RawRequest.concat(
                RawRequest.head("POST", "/tts", server.port(), form.contentType(), body.length + 500), body))) {
            r.endRequest();
            String answer = r.answer();
            assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"detail\":\"Cannot read the multipart form");
        }
    }

    /** A body longer than its Content-Length: the rest reads as a next request, which is refused too. */
    @Test
    void aContentLengthShorterThanTheBody() throws IOException {
        Http.Form form = Http.form().field("text", "Hello.");
        byte[] body = form.bytes();
        try (RawRequest r = RawRequest.open(server.port(), RawRequest.concat(
                RawRequest.head("POST", "/tts", server.port(), form.contentType(), body.length - 20), body))) {
            String answer = r.answer();
            assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"detail\":\"Cannot read the multipart form");
        }
    }

    @Test
    void hugeFieldsAndTooManyFields() {
        assertClientError(http.post("/tts", Http.form().field("text", "a".repeat(3 << 20))), "too large");
        Http.Form many = Http.form().field("text", "Hi.");
        for (int i = 0; i < 1001; i++) {
            many.field("field" + i, "x");
        }
        assertClientError(http.post("/tts", many), "at most 1000 fields");
        String hugeJson = "{\"input\": \"Hi.\", \"extra\": \"" + "a".repeat(2 << 20) + "\"}";
        assertClientError(http.postJson("/v1/audio/speech", hugeJson), "too large");
    }

    @Test
    void aUploadFarOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        Http.Form form = Http.form().field("text", "Hi.");
        long declared = 1L << 40;
        try (RawRequest r = RawRequest.open(server.port(), RawRequest.head("POST", "/tts", server.port(),
                form.contentType(), declared))) {
            String answer = r.answer();
            assertThat(answer).startsWith("HTTP/1.1 413").contains("{\"detail\":\"The upload is too large");
        }
    }

    /** A client that sends its body a byte at a time is cut off once the body's time is up. */
    @Test
    void aBodyThatTricklesInIsCutOff() throws IOException, InterruptedException {
        Http.Form form = Http.form().field("text", "Hello.");
        byte[] body = form.bytes();
        boolean cut = false;
        try (RawRequest r = RawRequest.open(server.port(), RawRequest.head("POST", "/tts", server.port(),
                form.contentType(), body.length))) {
            for (byte b : body) {
                try {
                    r.write(new byte[] {b});
                } catch (IOException closed) {
                    cut = true;
                    break;
                }
                Thread.sleep(500);
            }
        }
        assertThat(cut).as("the server closed the connection before the body was whole").isTrue();
        MetricsText.await("the cut request is counted", () -> MetricsText.value(server.metricsText(),
                "pockettts_http_requests_total{route=\"/tts\",status=\"408\"}") == 1);
    }
}
