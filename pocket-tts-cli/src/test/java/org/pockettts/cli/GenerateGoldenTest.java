package org.pockettts.cli;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pockettts.testing.Fixtures;

/** {@code generate} on the tiny model writes exactly the reference's WAV for every golden case. */
class GenerateGoldenTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return StreamSupport.stream(Fixtures.golden().get("cases").spliterator(), false)
                .map(c -> Arguments.of(c.get("key").asText(), c));
    }

    static List<String> argsFor(JsonNode c, String output) {
        String voice = c.get("voice").asText();
        List<String> args = new ArrayList<>(List.of("generate",
                "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0",
                "--voice", Fixtures.tiny(voice.equals("wav") ? "voice.wav" : voice).toString(),
                "--text", c.get("text").asText(),
                "--temperature", c.get("temperature").asText(),
                "--lsd-decode-steps", c.get("lsd_decode_steps").asText(),
                "--eos-threshold", Double.toString(c.get("eos_threshold").asDouble()),
                "--output-path", output));
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wavFileHoldsTheReferenceConversionOfTheGoldenAudio(String key, JsonNode c) throws IOException {
        Path out = dir.resolve(key + ".wav");
        Cli.Result r = new Cli(dir).run(argsFor(c, out.toString()).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Wav.assertMatchesGolden(Wav.samples(Files.readAllBytes(out)), Fixtures.goldenTensors().floats(key + ".audio"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dashStreamsAValidWavToStandardOutput(String key, JsonNode c) {
        Cli.Result r = new Cli(dir).run(argsFor(c, "-").toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Wav.assertMatchesGolden(Wav.streamedSamples(r.stdout()), Fixtures.goldenTensors().floats(key + ".audio"));
    }
}
