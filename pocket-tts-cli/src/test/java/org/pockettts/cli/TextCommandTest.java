package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** {@code pocket-tts text}: the plan of a text as JSON lines, from the configuration and tokenizer alone. */
class TextCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The tiny model's configuration and tokenizer, without its weights: a command that read them would fail. */
    private Path withoutWeights() throws IOException {
        Path model = dir.resolve("model");
        if (Files.exists(model.resolve("tiny.yaml"))) {
            return model.resolve("tiny.yaml");
        }
        Files.createDirectories(model);
        Files.copy(Fixtures.tiny("tiny.yaml"), model.resolve("tiny.yaml"));
        Files.copy(Fixtures.tiny("tokenizer.model"), model.resolve("tokenizer.model"));
        return model.resolve("tiny.yaml");
    }

    private Cli.Result text(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("text", "--config", withoutWeights().toString(), "--compat", "1.0"));
        args.addAll(List.of(extra));
        return new Cli(dir).run(args.toArray(String[]::new));
    }

    private static List<JsonNode> lines(Cli.Result r) throws IOException {
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(r.stdout(), StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void printsEachChunkAndPauseInOrderWithoutTheWeights() throws IOException {
        Cli.Result r = text("--text", "Hello world. [pause:1.5s] Second part here.[pause:300ms]");
        List<JsonNode> lines = lines(r);
        assertThat(lines).hasSize(4);
        // The tiny tokenizer's count and the 1.0 rule (3 + 2 frames for up to four words), as in the core's plan tests.
        assertThat(lines.get(0).toString()).isEqualTo("{\"chunk\":\"Hello world.\",\"tokens\":9,\"frames_after_eos\":5}");
        assertThat(lines.get(1).toString()).isEqualTo("{\"pause_s\":1.5}");
        assertThat(lines.get(2).get("chunk").asText()).isEqualTo("Second part here.");
        assertThat(lines.get(2).get("tokens").asInt()).isPositive();
        assertThat(lines.get(3).toString()).isEqualTo("{\"pause_s\":0.3}");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void normalizeAndTheOptionsOfGenerateShapeThePlan() throws IOException {
        List<JsonNode> plain = lines(text("--text", "It costs $12.50."));
        // Under 1.0 the full stop between the digits ends a sentence, as the reference splits it.
        assertThat(plain.getFirst().get("chunk").asText()).isEqualTo("It costs $12. 50.");
        List<JsonNode> normalized = lines(text("--text", "It costs $12.50.", "--normalize", "--frames-after-eos", "7"));
        assertThat(normalized.getFirst().get("chunk").asText()).isEqualTo("It costs twelve dollars and fifty cents.");
        assertThat(normalized.getFirst().get("frames_after_eos").asInt()).isEqualTo(7);
        // --max-tokens cuts a long text into more chunks.
        String longText = "One sentence here. Another sentence there. A third one follows. And a fourth.";
        assertThat(lines(text("--text", longText, "--max-tokens", "10")).size())
                .isGreaterThan(lines(text("--text", longText)).size());
        // Standard input, as for generate.
        Cli.Result stdin = new Cli(dir).stdin("Read from the input.").run("text", "--config", withoutWeights().toString(),
                "--text", "-");
        assertThat(lines(stdin).getFirst().get("chunk").asText()).contains("Read from the input");
    }

    @Test
    void aLongPauseIsShortenedWithAWarning() throws IOException {
        Cli.Result r = text("--text", "One.[pause:20s]Two.");
        assertThat(lines(r).get(1).toString()).isEqualTo("{\"pause_s\":10.0}");
        assertThat(r.stderr()).contains("20 s").contains("shortened to 10 s");
    }

    @Test
    void malformedMarkupIsOneClearError() throws IOException {
        Cli.Result r = text("--text", "Hello [pause:abc] there.");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.errorLines()).singleElement().asString()
                .startsWith("Error: Malformed pause tag \"[pause:abc]\" at line 1, column 7");
    }
}
