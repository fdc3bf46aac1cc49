package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** Keeps {@code bench} working on the tiny model; speed itself is measured, never asserted. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void printsOneJsonLineWithEveryFigure() throws Exception {
        Cli.Result r = new Cli(dir).run("bench", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice",
                Fixtures.tiny("voice.wav").toString(), "--text", "Hello world.", "--runs", "2", "--threads", "1");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        String out = new String(r.stdout(), StandardCharsets.UTF_8).strip();
        assertThat(out.lines()).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(out);
        for (String field : new String[] {"load_s", "voice_s", "voice_again_s", "first_chunk_ms", "total_s", "cpu_s",
            "audio_s", "rtf", "peak_rss_mb", "flowlm_ms", "flow_ms", "mimi_ms"}) {
            assertThat(json.has(field)).as(field).isTrue();
            assertThat(json.get(field).isNumber()).as(field).isTrue();
        }
        // "Hello world." never ends (EOS disabled): int((2 words + 2) * 12.5) = 50 frames of 80 ms.
        assertThat(json.get("frames").asInt()).isEqualTo(50);
        assertThat(json.get("audio_s").asDouble()).isEqualTo(4.0);
        assertThat(json.get("runs").asInt()).isEqualTo(2);
        // total_s is printed to the millisecond and rtf to two decimals: allow exactly those roundings.
        double audio = json.get("audio_s").asDouble();
        double total = json.get("total_s").asDouble();
        assertThat(json.get("rtf").asDouble()).isBetween(audio / (total + 0.0005) - 0.005,
                audio / Math.max(total - 0.0005, 1e-9) + 0.005);
    }

    @Test
    void badValuesAreOneLine() {
        Cli.Result r = new Cli(dir).run("bench", "--runs", "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: Invalid benchmark option: runs must be at least 1, got 0");
    }

    @Test
    void generationSettingsAreCheckedAsForGenerate() {
        Cli.Result r = new Cli(dir).run("bench", "--lsd-decode-steps", "65");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: lsd_decode_steps must be from 1 to 64, got 65");
        Cli.Result generate = new Cli(dir).run("generate", "--lsd-decode-steps", "65");
        assertThat(generate.errorLines()).containsExactly(r.errorLines());
    }
}
