package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Numbers;
import org.pockettts.testing.Wav;

/**
 * {@code generate} writes the pocket-tts 2.1.0 ({@code --compat 2.1}) and 3.3 (the default with
 * {@code --config}) references' WAV for every golden case of {@code tiny-v2} and {@code tiny-v3};
 * {@code export-voice} writes their model-state files.
 */
class PackGenerateGoldenTest {

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.concat(
                StreamSupport.stream(Fixtures.goldenV2().get("cases").spliterator(), false)
                        .map(c -> Arguments.of("tiny-v2 " + c.get("key").asText(), Fixtures.tinyV2(), c)),
                StreamSupport.stream(Fixtures.goldenV3().get("cases").spliterator(), false)
                        .map(c -> Arguments.of("tiny-v3 " + c.get("key").asText(), Fixtures.tinyV3(), c)));
    }

    private static List<String> args(Path fixture, JsonNode c, String output) {
        String voice = c.get("voice").asText();
        boolean v2 = fixture.equals(Fixtures.tinyV2());
        List<String> args = new ArrayList<>(List.of("generate",
                "--config", fixture.resolve(c.get("config").asText()).toString(),
                "--voice", fixture.resolve(voice.equals("wav") ? "voice.wav" : voice).toString(),
                "--text", c.get("text").asText(),
                "--temperature", c.get("temperature").asText(),
                "--eos-threshold", Double.toString(c.get("eos_threshold").asDouble()),
                "--max-tokens", c.get("max_tokens").asText(),
                "--output-path", output, "-q"));
        if (v2) {
            args.addAll(List.of("--compat", "2.1", "--lsd-decode-steps", c.get("lsd_decode_steps").asText()));
        } else {
            args.addAll(List.of("--sampler-decode-steps", c.get("sampler_decode_steps").asText()));
        }
        return args;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wavFileHoldsTheReferenceConversionOfTheGoldenAudio(String name, Path fixture, JsonNode c) throws IOException {
        SafeTensors golden = fixture.equals(Fixtures.tinyV2()) ? Fixtures.goldenTensorsV2() : Fixtures.goldenTensorsV3();
        Path out = dir.resolve(c.get("key").asText() + ".wav");
        Cli.Result r = new Cli(dir).run(args(fixture, c, out.toString()).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Wav.assertMatchesGolden(Wav.samples(Files.readAllBytes(out)), golden.floats(c.get("key").asText() + ".audio"));
    }

    @Test
    void exportVoiceWritesTheModelStatesOfTheReferences() throws IOException {
        for (Path fixture : List.of(Fixtures.tinyV2(), Fixtures.tinyV3())) {
            boolean v2 = fixture.equals(Fixtures.tinyV2());
            Path out = dir.resolve((v2 ? "v2" : "v3") + ".safetensors");
            List<String> args = new ArrayList<>(List.of("export-voice", fixture.resolve("voice.wav").toString(),
                    out.toString(), "--config", fixture.resolve("tiny.yaml").toString(), "-q"));
            if (v2) {
                args.addAll(List.of("--compat", "2.1"));
            }
            Cli.Result r = new Cli(dir).run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            try (SafeTensors ours = SafeTensors.open(out);
                 SafeTensors theirs = SafeTensors.open(fixture.resolve("voice_state.safetensors"))) {
                assertThat(ours.names()).containsExactlyInAnyOrderElementsOf(theirs.names());
                for (String name : theirs.names()) {
                    assertThat(ours.info(name).shape()).as(name).isEqualTo(theirs.info(name).shape());
                    if (name.endsWith("/cache")) {
                        Numbers.assertClose(name, theirs.floats(name), ours.floats(name), 1e-5);
                    } else {
                        assertThat(ours.longs(name)).as(name).isEqualTo(theirs.longs(name));
                    }
                }
            }
        }
    }
}
