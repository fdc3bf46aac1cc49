package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.hub.FakeHub;
import org.pockettts.testing.Fixtures;

/** {@code generate} fetching the model from a Hub on 127.0.0.1 that speaks Hugging Face's URL scheme. */
class DownloadTest {

    @TempDir
    Path dir;

    private TinyHub hub;
    private Path config;

    @BeforeEach
    void start() throws IOException {
        hub = new TinyHub();
        config = hub.config(dir);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private Cli cli() {
        return new Cli(dir).env("HF_ENDPOINT", hub.endpoint());
    }

    private Cli.Result generate(Cli cli, String voice, Path out) {
        return cli.run("generate", "--config", config.toString(), "--compat", "1.0", "--voice", voice, "--text", "Hello world.",
                "--temperature", "0", "--output-path", out.toString());
    }

    private Path hubCache() {
        return dir.resolve("hf").resolve("hub");
    }

    @Test
    void firstRunDownloadsWithProgressAndTheSecondMakesNoRequest() throws IOException {
        Path first = dir.resolve("first.wav");
        Cli.Result r = generate(cli().env("HF_TOKEN", TinyHub.TOKEN).interactive(true), "alba", first);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains("Downloading tts_tiny.safetensors [").contains("100%")
                .contains("Downloading tokenizer.model").doesNotContain("without voice cloning");

        Path repo = hubCache().resolve("models--kyutai--pocket-tts");
        Path snapshot = repo.resolve("snapshots").resolve(hub.commit(TinyHub.GATED)).resolve("tts_tiny.safetensors");
        assertThat(Files.isSymbolicLink(snapshot)).isTrue();
        assertThat(Files.readSymbolicLink(snapshot).toString()).startsWith("../../blobs/");
        assertThat(Files.readAllBytes(snapshot)).isEqualTo(Files.readAllBytes(Fixtures.tiny("tiny.safetensors")));
        assertThat(hubCache().resolve("models--kyutai--pocket-tts-without-voice-cloning/snapshots")
                .resolve(TinyHub.VOICES_REVISION).resolve("embeddings/alba.safetensors")).exists();

        hub.hub.clearRequests();
        Path second = dir.resolve("second.wav");
        Cli.Result again = generate(cli().env("HF_TOKEN", TinyHub.TOKEN), "alba", second);
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(hub.hub.requests()).as("requests of the second run").isEmpty();
        assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
    }

    @Test
    void theTokenGoesToTheHubAndNotToTheStorageHost() {
        Cli.Result r = generate(cli().env("HF_TOKEN", TinyHub.TOKEN), Fixtures.tiny("voice.wav").toString(),
                dir.resolve("t.wav"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<FakeHub.Request> requests = hub.hub.requests();
        assertThat(requests).filteredOn(q -> !q.toCdn())
                .allSatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer " + TinyHub.TOKEN));
        assertThat(requests).filteredOn(FakeHub.Request::toCdn).isNotEmpty()
                .allSatisfy(q -> assertThat(q.authorization()).isNull());
    }

    @Test
    void theTokenFileWrittenByTheHuggingFaceLoginIsUsed() throws IOException {
        Files.createDirectories(dir.resolve("hf"));
        Files.writeString(dir.resolve("hf").resolve("token"), TinyHub.TOKEN + "\n");
        Cli.Result r = generate(cli(), Fixtures.tiny("voice.wav").toString(), dir.resolve("f.wav"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(hub.hub.requests()).anySatisfy(q -> assertThat(q.authorization()).isEqualTo("Bearer " + TinyHub.TOKEN));
    }

    @Test
    void withoutAccessToTheGatedWeightsPredefinedVoicesWorkAndCloningIsRefused() {
        Cli.Result predefined = generate(cli(), "alba", dir.resolve("p.wav"));
        assertThat(predefined.exitCode()).as(predefined.stderr()).isZero();
        assertThat(predefined.stderr()).contains("Using the weights without voice cloning")
                .contains("access to kyutai/pocket-tts is restricted");
        Path out = dir.resolve("c.wav");
        Cli.Result cloning = generate(cli(), Fixtures.tiny("voice.wav").toString(), out);
        assertThat(cloning.exitCode()).isEqualTo(1);
        assertThat(cloning.stderr()).contains("Error: Voice cloning from audio is not available")
                .contains("https://huggingface.co/kyutai/pocket-tts").contains("HF_TOKEN");
        assertThat(out).doesNotExist();
    }

    @Test
    void offlineModeRunsFromTheCacheAndSaysWhatIsMissing() {
        Path out = dir.resolve("offline.wav");
        Cli.Result missing = cli().env("HF_HUB_OFFLINE", "1").run("generate", "--config", config.toString(), "--compat", "1.0",
                "--voice", "alba", "--output-path", out.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.errorLines()).hasSize(1);
        assertThat(missing.stderr()).contains("Error: Cannot load the model weights").contains("offline");
        assertThat(out).doesNotExist();

        assertThat(generate(cli().env("HF_TOKEN", TinyHub.TOKEN), "alba", dir.resolve("online.wav")).exitCode()).isZero();
        hub.close();
        Cli.Result offline = generate(cli().env("HF_TOKEN", TinyHub.TOKEN).env("HF_HUB_OFFLINE", "1"), "alba", out);
        assertThat(offline.exitCode()).as(offline.stderr()).isZero();
        assertThat(out).exists();
    }

    @Test
    void aConnectionBrokenMidFileLeavesNoCorruptCacheEntry() throws IOException {
        hub.hub.breakAfter = 10_000;
        Path out = dir.resolve("broken.wav");
        Cli.Result r = generate(cli().env("HF_TOKEN", TinyHub.TOKEN), "alba", out);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.stderr()).contains("tts_tiny.safetensors").contains("again");
        assertThat(out).doesNotExist();
        Path blobs = hubCache().resolve("models--kyutai--pocket-tts").resolve("blobs");
        try (Stream<Path> files = Files.list(blobs)) {
            assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".incomplete"));
        }
        assertThat(hubCache().resolve("models--kyutai--pocket-tts").resolve("snapshots")
                .resolve(hub.commit(TinyHub.GATED)).resolve("tts_tiny.safetensors")).doesNotExist();

        Cli.Result resumed = generate(cli().env("HF_TOKEN", TinyHub.TOKEN), "alba", out);
        assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
        assertThat(hub.hub.requests()).anySatisfy(q -> assertThat(q.range()).isEqualTo("bytes=10000-"));
        try (Stream<Path> files = Files.list(blobs)) {
            assertThat(files).noneSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".incomplete"));
        }
    }

    @Test
    void voicesMayBeHubAndWebUrls() throws IOException {
        String commit = hub.commit(TinyHub.OPEN);
        Path byPath = dir.resolve("path.wav");
        assertThat(generate(cli().env("HF_TOKEN", TinyHub.TOKEN), Fixtures.tiny("voice.wav").toString(), byPath)
                .exitCode()).isZero();
        Path byHf = dir.resolve("hf.wav");
        Cli.Result hf = generate(cli().env("HF_TOKEN", TinyHub.TOKEN),
                "hf://" + TinyHub.OPEN + "/voices/voice.wav@" + commit, byHf);
        assertThat(hf.exitCode()).as(hf.stderr()).isZero();
        Path byHttp = dir.resolve("http.wav");
        Cli.Result http = generate(cli().env("HF_TOKEN", TinyHub.TOKEN),
                hub.endpoint() + "/" + TinyHub.OPEN + "/resolve/main/voices/voice.wav", byHttp);
        assertThat(http.exitCode()).as(http.stderr()).isZero();
        assertThat(Files.readAllBytes(byHf)).isEqualTo(Files.readAllBytes(byPath));
        assertThat(Files.readAllBytes(byHttp)).isEqualTo(Files.readAllBytes(byPath));
    }

    @Test
    void anUnreachableHubIsOneClearLine() {
        hub.close();
        Path out = dir.resolve("down.wav");
        Cli.Result r = generate(cli(), "alba", out);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).hasSize(1);
        assertThat(r.stderr()).startsWith("Error: Cannot load the model weights").contains("cannot reach")
                .contains("HF_HUB_OFFLINE=1");
        assertThat(out).doesNotExist();
    }
}
