package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.formats.AudioFormat;
import org.pockettts.formats.Decoder;
import org.pockettts.formats.Measures;
import org.pockettts.testing.Wav;

/**
 * The formats, speaking rate and numbers of both speech endpoints, checked against the WAV answer
 * to the same request as decoded by ffmpeg (an independent decoder): the lossless formats hold
 * exactly its samples, the lossy ones its duration and energy; each format streams; a speed
 * changes the duration by its ratio and keeps the pitch (the formats module tests the time-stretch
 * on tones; here that the endpoints apply it); {@code normalize} speaks the numbers as the words a person
 * would write for them.
 */
class AudioFormatsTest {

    private static final String TEXT = "Hello there. This is a test of the audio formats.";
    private static final int RATE = 24_000;
    /** The closing silence every format ends with, not stretched by the speed. */
    private static final int TAIL = RATE / 5;

    private static TestServer fixture;
    private static TtsServer server;
    private static Http http;
    private static short[] wav;

    @BeforeAll
    static void start() {
        Decoder.assumeFfmpeg();
        fixture = new TestServer();
        server = fixture.start(TestServer.config());
        http = new Http(TestServer.base(server));
        wav = Wav.streamedSamples(ok(http.postJson("/v1/audio/speech", json(TEXT, ""))).body());
        assertThat(wav.length).isGreaterThan(TAIL + RATE / 2);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A deterministic request for {@code text}, with {@code more} fields. */
    private static String json(String text, String more) {
        return "{\"input\": \"" + text + "\", \"temperature\": 0, \"eos_threshold\": 1e9" + more + "}";
    }

    private static Http.Form form(String text) {
        return Http.form().field("text", text).field("temperature", "0").field("eos_threshold", "1e9");
    }

    private static Http.Response ok(Http.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r;
    }

    private static void assertSameSpeech(short[] decoded, AudioFormat format) {
        Measures.assertSameSpeech(decoded, wav, format);
    }

    @Test
    void everyFormatOfTheOpenAiEndpointDecodesToTheSpeech() {
        for (AudioFormat format : AudioFormat.values()) {
            Http.Response r = ok(http.postJson("/v1/audio/speech",
                    json(TEXT, ", \"response_format\": \"" + format.formatName() + "\"")));
            assertThat(r.header("Content-Type")).isEqualTo(format.contentType());
            assertThat(r.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=speech." + format.extensions().getFirst());
            assertSameSpeech(Decoder.decode(r.body(), format), format);
        }
    }

    @Test
    void everyFormatOfTheFormDecodesToTheSpeech() {
        for (AudioFormat format : AudioFormat.values()) {
            Http.Response r = ok(http.post("/tts", form(TEXT).field("format", format.formatName().toUpperCase(Locale.ROOT))));
            assertThat(r.header("Content-Type")).isEqualTo(format.contentType());
            assertThat(r.header("Content-Disposition"))
                    .isEqualTo("attachment; filename=generated_speech." + format.extensions().getFirst());
            assertSameSpeech(Decoder.decode(r.body(), format), format);
        }
        // A blank field is an absent one: WAV, as before.
        assertThat(ok(http.post("/tts", form(TEXT).field("format", " "))).header("Content-Type")).isEqualTo("audio/wav");
    }

    @Test
    void everyFormatStreamsWhileTheGenerationRuns() throws IOException {
        for (AudioFormat format : new AudioFormat[] {AudioFormat.MP3, AudioFormat.OPUS, AudioFormat.FLAC}) {
            double before = MetricsText.value(http, StreamingTest.CANCELLED);
            try (RawStream stream = RawStream.post(server.port(), "/tts",
                    StreamingTest.endless().field("format", format.formatName()))) {
                assertThat(stream.status()).isEqualTo(200);
                assertThat(stream.chunked()).isTrue();
                assertThat(stream.header("Content-Type")).isEqualTo(format.contentType());
                // Far less than the whole answer, and more than any header: encoded audio.
                assertThat(stream.read(4096)).hasSize(4096);
                assertThat(MetricsText.value(http, StreamingTest.IN_FLIGHT)).as(format.formatName()).isEqualTo(1);
            }
            MetricsText.await("the generation is stopped",
                    () -> MetricsText.value(http, StreamingTest.CANCELLED) == before + 1);
        }
    }

    @Test
    void speedChangesTheDurationByItsRatio() {
        short[] speech = Arrays.copyOf(wav, wav.length - TAIL);
        for (double speed : new double[] {0.25, 0.5, 1.5, 2, 4}) {
            short[] stretched = Wav.streamedSamples(ok(http.postJson("/v1/audio/speech",
                    json(TEXT, ", \"speed\": " + speed))).body());
            // n samples of speech become round(n / speed), then the same closing silence.
            assertThat(stretched.length - TAIL).as("speed %s", speed)
                    .isEqualTo((int) Math.round(speech.length / speed));
            assertThat(Arrays.copyOfRange(stretched, stretched.length - TAIL, stretched.length)).containsOnly((short) 0);
            // The pitch is kept: as many zero crossings per second (a plain resampling would multiply
            // them by the speed), and the loudness too.
            short[] stretchedSpeech = Arrays.copyOf(stretched, stretched.length - TAIL);
            assertThat(Measures.crossingsPerSample(stretchedSpeech) / Measures.crossingsPerSample(speech))
                    .as("zero-crossing rate at speed %s", speed).isCloseTo(1.0, within(0.15));
            assertThat(Measures.decibelsBetween(stretchedSpeech, speech))
                    .as("energy at speed %s, dB", speed).isCloseTo(0, within(1.5));
        }
        // The form's field, into a lossy format: ffmpeg finds the shorter duration.
        short[] mp3 = Decoder.decode(ok(http.post("/tts", form(TEXT).field("format", "mp3").field("speed", "2"))).body(),
                AudioFormat.MP3);
        assertThat((mp3.length - TAIL) / (double) RATE).isCloseTo(speech.length / 2.0 / RATE, within(0.15));
    }

    @Test
    void normalizeSpeaksNumbersAsWords() {
        short[] written = Wav.streamedSamples(ok(http.postJson("/v1/audio/speech",
                json("It costs twelve dollars and fifty cents, on the third of May.", ""))).body());
        short[] normalized = Wav.streamedSamples(ok(http.postJson("/v1/audio/speech",
                json("It costs $12.50, on the 3rd of May.", ", \"normalize\": true"))).body());
        assertThat(normalized).isEqualTo(written);
        short[] fromForm = Wav.streamedSamples(ok(http.post("/tts",
                form("It costs $12.50, on the 3rd of May.").field("normalize", "on"))).body());
        assertThat(fromForm).isEqualTo(written);
        short[] notNormalized = Wav.streamedSamples(ok(http.postJson("/v1/audio/speech",
                json("It costs $12.50, on the 3rd of May.", ", \"normalize\": false"))).body());
        assertThat(notNormalized).isNotEqualTo(written);
    }
}
