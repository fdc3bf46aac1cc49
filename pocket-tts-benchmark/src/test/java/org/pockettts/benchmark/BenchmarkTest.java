package org.pockettts.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pockettts.Engine;
import org.pockettts.api.ModelFiles;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.testing.Fixtures;

/** The benchmark harness on the tiny model: it must run and report every figure (timings are not checked). */
class BenchmarkTest {

    private static final String TEXT = "Hello world, this is a test.";

    private static BenchmarkOptions options(Path config, boolean random, String voice, int voiceFrames, String text,
                                            int runs) {
        return new BenchmarkOptions(ModelConfig.load(config), Compat.V1_0, random, false, voice, voiceFrames, text, runs, 1, 1,
                0.7f, 50, 42);
    }

    @AfterEach
    void restoreThreads() {
        Engine.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void runsTheTinyModelFromItsFilesAndReportsOneJsonLine() throws Exception {
        BenchmarkResult result = Benchmark.run(options(Fixtures.tiny("tiny.yaml"), false,
                Fixtures.tiny("voice_embedding.safetensors").toString(), 1, TEXT, 2), ModelFiles.localOnly());
        JsonNode json = new ObjectMapper().readTree(result.toJson());
        for (String key : new String[] {"load_s", "voice_s", "first_chunk_ms", "total_s", "cpu_s", "audio_s", "rtf", "peak_rss_mb",
            "flowlm_ms", "flow_ms", "mimi_ms", "threads", "frames", "runs", "cores", "jvm", "vector_species"}) {
            assertThat(json.has(key)).as(key).isTrue();
        }
        assertThat(json.get("model").asText()).doesNotContain("random").doesNotContain("synthetic");
        // Six words, end of speech disabled: (6 + 2) · 12.5 = 100 frames, every one decoded.
        assertThat(json.get("frames").asInt()).isEqualTo(100);
        assertThat(json.get("audio_s").asDouble()).isEqualTo(100 * 1920 / 24000.0);
        assertThat(json.get("runs").asInt()).isEqualTo(2);
        assertThat(json.get("run_s").size()).isEqualTo(2);
        assertThat(result.toJson()).doesNotContain("\n");
    }

    @Test
    void runsRandomWeightsWithASyntheticVoiceAndSyntheticTokens() {
        // "One. Two three." is two sentences of five words in all, cut as TtsModel cuts text: one chunk of
        // max tokens 50, with (3 + 2) · 12.5 frames as the reference's limit for three words.
        BenchmarkResult result = Benchmark.run(options(Fixtures.tiny("tiny.yaml"), true, null, 20, "One. Two three.", 1),
                (location, base) -> {
                    throw new IOException("no files in this test");
                });
        assertThat(result.model()).contains("random weights").contains("synthetic tokens");
        assertThat(result.toJson()).as("a synthetic voice is not made again").contains("\"voice_again_s\":null");
        assertThat(result.frames()).isEqualTo((int) ((3 + 2) * 12.5));
        assertThat(result.mimiMillis()).isGreaterThanOrEqualTo(0);
    }
}
