package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /metrics} counts what happened, in the Prometheus text format. */
class MetricsTest {

    private static final Pattern SAMPLE =
            Pattern.compile("[a-z_]+(\\{[a-z_]+=\"[^\"]*\"(,[a-z_]+=\"[^\"]*\")*})? -?[0-9.]+(E-?[0-9]+)?");

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

    private static long audioSamples(Http.Response wav) {
        return Wav.streamedSamples(wav.body()).length - 4800;
    }

    @Test
    void countsRequestsGenerationsAudioAndVoices() {
        long samples = 0;
        samples += audioSamples(http.post("/tts", GoldenSpeechTest.form("gen3")));
        samples += audioSamples(http.post("/tts", GoldenSpeechTest.form("gen1").field("voice_url", fixture.voiceWavUrl())));
        samples += audioSamples(http.post("/tts", GoldenSpeechTest.form("gen2").field("voice_url", fixture.voiceWavUrl())));
        Http.Response pcm = http.postJson("/v1/audio/speech", GoldenSpeechTest.json("gen3", ", \"response_format\": \"pcm\""));
        samples += pcm.body().length / 2 - 4800;
        assertThat(http.post("/tts", Http.form().field("text", " ")).status()).isEqualTo(400);
        assertThat(http.get("/nowhere/at/all").status()).isEqualTo(404);
        assertThat(http.get("/health").status()).isEqualTo(200);

        // A streamed answer is complete for its client just before its request is counted.
        MetricsText.await("the four speech requests are counted", () -> {
            String m = http.get("/metrics").text();
            return MetricsText.value(m, "pockettts_http_requests_total{route=\"/tts\",status=\"200\"}") == 3
                    && MetricsText.value(m, "pockettts_http_requests_total{route=\"/v1/audio/speech\",status=\"200\"}") == 1;
        });
        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        String m = r.text();
        assertThat(MetricsText.value(m, "pockettts_http_requests_total{route=\"/tts\",status=\"400\"}")).isEqualTo(1);
        assertThat(MetricsText.value(m, "pockettts_http_requests_total{route=\"unmatched\",status=\"404\"}")).isEqualTo(1);
        assertThat(MetricsText.value(m, "pockettts_http_requests_total{route=\"/health\",status=\"200\"}")).isEqualTo(1);
        assertThat(MetricsText.value(m, "pockettts_generations_total{outcome=\"completed\"}")).isEqualTo(4);
        assertThat(MetricsText.value(m, "pockettts_generations_total{outcome=\"cancelled\"}")).isZero();
        assertThat(MetricsText.value(m, "pockettts_generations_total{outcome=\"failed\"}")).isZero();
        assertThat(MetricsText.value(m, "pockettts_generations_in_flight")).isZero();
        assertThat(MetricsText.value(m, "pockettts_queue_length")).isZero();
        assertThat(MetricsText.value(m, "pockettts_generation_slots")).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(MetricsText.value(m, "pockettts_audio_seconds_total")).isCloseTo(samples / 24000.0, within(0.001));
        assertThat(MetricsText.value(m, "pockettts_real_time_factor_count")).isEqualTo(4);
        assertThat(MetricsText.value(m, "pockettts_real_time_factor_bucket{le=\"+Inf\"}")).isEqualTo(4);
        assertThat(MetricsText.value(m, "pockettts_time_to_first_chunk_seconds_count")).isEqualTo(4);
        assertThat(MetricsText.value(m, "pockettts_time_to_first_chunk_seconds_sum")).isPositive();
        assertThat(MetricsText.value(m, "pockettts_voice_cache_entries")).isEqualTo(1);
        assertThat(MetricsText.value(m, "pockettts_voice_cache_bytes")).isPositive();
        assertThat(MetricsText.value(m, "pockettts_voice_cache_requests_total{result=\"miss\"}")).isEqualTo(1);
        assertThat(MetricsText.value(m, "pockettts_voice_cache_requests_total{result=\"hit\"}")).isEqualTo(1);
        assertWellFormed(m);
    }

    /** Every sample line is well-formed and belongs to a metric announced with HELP and TYPE. */
    private static void assertWellFormed(String text) {
        Set<String> typed = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                typed.add(line.split(" ")[2]);
            } else if (!line.startsWith("# HELP ")) {
                assertThat(line).matches(SAMPLE);
                String name = line.split("[{ ]")[0];
                assertThat(typed).as(line).anyMatch(t -> name.equals(t) || name.startsWith(t + "_"));
            }
        }
        // Histogram buckets are cumulative.
        double previous = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("pockettts_real_time_factor_bucket")) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                assertThat(v).isGreaterThanOrEqualTo(previous);
                previous = v;
            }
        }
    }
}
