package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.hub.FakeHub;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;
import org.pockettts.text.TokenizerJsonConverter;

/**
 * A community model pack on a Hub on 127.0.0.1, used as {@code --config hf://…}: its YAML names its
 * weights and {@code tokenizer.json} by paths relative to itself, and a voice is a model state on the
 * Hub. The files are the tiny 3.3 model's, so the speech is that fixture's golden {@code gen2}.
 */
class PackDownloadTest {

    private static final String REPO = "someone/tiny-pack";

    @TempDir
    Path dir;

    private FakeHub hub;

    @BeforeEach
    void publish() throws IOException {
        hub = new FakeHub();
        String yaml = Files.readString(Fixtures.tinyV3("tiny.yaml"))
                .replace("tokenizer: sentencepiece", "tokenizer: tokenizers")
                .replace("tokenizer_path: tokenizer.model", "tokenizer_path: ../tokenizer/tokenizer.json");
        hub.addFile(REPO, "models/tiny.yaml", yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), false);
        hub.addFile(REPO, "models/tiny.safetensors", Files.readAllBytes(Fixtures.tinyV3("tiny.safetensors")), true);
        hub.addFile(REPO, "tokenizer/tokenizer.json",
                TokenizerJsonConverter.convert("tiny", Files.readAllBytes(Fixtures.tinyV3("tokenizer.model"))), false);
        hub.addFile(REPO, "voices/state.safetensors", Files.readAllBytes(Fixtures.tinyV3("voice_state.safetensors")), true);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private String location(String path) {
        return "hf://" + REPO + "/" + path + "@" + hub.repo(REPO).commit;
    }

    private Cli.Result generate(JsonNode c, Path out) {
        return new Cli(dir).env("HF_ENDPOINT", hub.endpoint().toString()).run("generate",
                "--config", location("models/tiny.yaml"), "--voice", location("voices/state.safetensors"),
                "--text", c.get("text").asText(), "--temperature", "0",
                "--eos-threshold", Double.toString(c.get("eos_threshold").asDouble()), "--output-path", out.toString());
    }

    @Test
    void aRemoteConfigurationWithItsTokenizerJsonAndAStateVoiceSpeaksAsTheReference() throws IOException {
        JsonNode gen2 = null;
        for (JsonNode c : Fixtures.goldenV3().get("cases")) {
            if (c.get("key").asText().equals("gen2")) {
                gen2 = c;
            }
        }
        Path out = dir.resolve("gen2.wav");
        Cli.Result r = generate(gen2, out);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Wav.assertMatchesGolden(Wav.samples(Files.readAllBytes(out)), Fixtures.goldenTensorsV3().floats("gen2.audio"));
        assertThat(hub.requests()).extracting(FakeHub.Request::path)
                .anyMatch(p -> p.endsWith("/models/tiny.yaml")).anyMatch(p -> p.endsWith("/tokenizer/tokenizer.json"))
                .anyMatch(p -> p.endsWith("/voices/state.safetensors"));
        Path cached = dir.resolve("hf/hub/models--someone--tiny-pack/snapshots").resolve(hub.repo(REPO).commit)
                .resolve("models/tiny.yaml");
        assertThat(cached).as("the configuration is cached as model files are").exists();

        hub.clearRequests();
        Path again = dir.resolve("again.wav");
        assertThat(generate(gen2, again).exitCode()).isZero();
        assertThat(hub.requests()).as("requests of the second run").isEmpty();
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out));
    }

    @Test
    void exportVoiceWithARemoteConfigurationWritesAModelState() throws IOException {
        Path out = dir.resolve("voice.safetensors");
        Cli.Result r = new Cli(dir).env("HF_ENDPOINT", hub.endpoint().toString()).run("export-voice",
                Fixtures.tinyV3("voice.wav").toString(), out.toString(), "--config", location("models/tiny.yaml"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        try (SafeTensors st = SafeTensors.open(out)) {
            assertThat(st.names()).contains("transformer.layers.0.self_attn/cache", "transformer.layers.0.self_attn/pad");
        }
    }
}
