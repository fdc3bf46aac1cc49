package org.pockettts.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.pockettts.api.ModelFiles;
import org.pockettts.kernels.WorkerPool;
import org.pockettts.testing.Fixtures;

/** The benchmark harness on the tiny model: it must run and report every figure (timings are not checked). */
class BenchmarkTest {

    private static final String TEXT = "Hello world, this is a test.";

    @Test
    void runsTheTinyModelFromItsFilesAndReportsOneJsonLine() throws Exception {
        BenchmarkOptions options = BenchmarkOptions.parse("--config", Fixtures.tiny("tiny.yaml").toString(),
                "--voice", Fixtures.tiny("voice_embedding.safetensors").toString(), "--text", TEXT, "--runs", "2",
                "--threads", "2");
        BenchmarkResult result;
        try {
            result = Benchmark.run(options, ModelFiles.localOnly());
        } finally {
            WorkerPool.configure(Runtime.getRuntime().availableProcessors());
        }
        JsonNode json = new ObjectMapper().readTree(result.toJson());
        for (String key : new String[] {"load_s", "voice_s", "first_chunk_ms", "total_s", "audio_s", "rtf", "peak_rss_mb",
            "flowlm_ms", "flow_ms", "mimi_ms", "threads", "frames", "runs", "cores", "jvm", "vector_species"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        // Six words, end of speech disabled: (6 + 2) · 12.5 = 100 frames, every one decoded.
        assertThat(json.get("frames").asInt()).isEqualTo(100);
        assertThat(json.get("audio_s").asDouble()).isEqualTo(100 * 1920 / 24000.0);
        assertThat(json.get("runs").asInt()).isEqualTo(2);
        assertThat(json.get("run_s").size()).isEqualTo(2);
        assertThat(result.toJson()).doesNotContain("\n");
    }

    @Test
    void runsRandomWeightsWithASyntheticVoiceAndSyntheticTokens() {
        BenchmarkOptions options = BenchmarkOptions.parse("--config", Fixtures.tiny("tiny.yaml").toString(),
                "--random-weights", "--voice-frames", "20", "--text", "One. Two three.", "--runs", "1", "--threads", "1");
        BenchmarkResult result;
        try {
            result = Benchmark.run(options, (location, base) -> {
                throw new java.io.IOException("no files in this test");
            });
        } finally {
            WorkerPool.configure(Runtime.getRuntime().availableProcessors());
        }
        assertThat(result.model()).contains("random weights");
        assertThat(result.frames()).isEqualTo((int) ((3 + 2) * 12.5));
        assertThat(result.mimiMillis()).isGreaterThanOrEqualTo(0);
    }
}
