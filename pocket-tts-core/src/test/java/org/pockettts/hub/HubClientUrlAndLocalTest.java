package org.pockettts.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pockettts.hub.HubTesting.environment;
import static org.pockettts.hub.HubTesting.randomBytes;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientUrlAndLocalTest {

    @TempDir
    Path dir;
    private FakeHub hub;
    private byte[] content;
    private String sha256;

    @BeforeEach
    void startHub() throws Exception {
        hub = new FakeHub();
        content = randomBytes(1_500_000, 11);
        sha256 = hub.addFile("someone/voices", "v.safetensors", content, true).sha256();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubClient client(String... extra) {
        return HubClient.fromEnvironment(environment(dir, hub, extra));
    }

    private String url(String host) {
        return "http://" + host + ":" + hub.port() + "/cdn/" + sha256 + "?download=1";
    }

    @Test
    void httpUrlIsDownloadedOnceIntoTheCacheNamedByTheSha256OfTheUrl() throws Exception {
        String url = "http://127.0.0.1:" + hub.port() + "/cdn/" + sha256;
        HubTesting.RecordingListener listener = new HubTesting.RecordingListener();
        Path file;
        try (HubClient client = client()) {
            client.setDownloadListener(listener);
            file = client.resolve(url, null);
        }
        assertThat(file).isEqualTo(dir.resolve("cache/pocket_tts").resolve(FakeHub.hex("SHA-256", url.getBytes(StandardCharsets.UTF_8))));
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(listener.events.getFirst()).isEqualTo("started " + sha256 + " " + content.length);
        assertThat(listener.events.getLast()).isEqualTo("finished");

        hub.clearRequests();
        try (HubClient client = client()) {
            assertThat(client.resolve(url, null)).isEqualTo(file);
        }
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void cachedUrlFileKeepsTheExtensionOfTheUrlPath() {
        String url = "https://example.com/voices/alba.safetensors?x=1";
        assertThat(UrlCache.fileName(URI.create(url)))
                .isEqualTo(FakeHub.hex("SHA-256", url.getBytes(StandardCharsets.UTF_8)) + ".safetensors");
        assertThat(UrlCache.fileName(URI.create("https://example.com/")))
                .doesNotContain(".");
    }

    @Test
    void brokenUrlDownloadLeavesNothingInTheCache() throws Exception {
        hub.breakAfter = 100_000;
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve(url("127.0.0.1"), null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("broke off after 100.0 kB of 1.5 MB")
                    .hasMessageContaining("Run again to retry");
        }
        try (Stream<Path> files = Files.list(dir.resolve("cache/pocket_tts"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void missingUrlGivesANotFoundMessage() {
        try (HubClient client = client()) {
            String url = "http://127.0.0.1:" + hub.port() + "/cdn/nothing.bin";
            assertThatThrownBy(() -> client.resolve(url, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessage("Cannot download " + url + ": it was not found (HTTP 404); check the address");
        }
    }

    @Test
    void tokenGoesToUrlsOnTheHubHostOnly() throws Exception {
        try (HubClient client = client("HF_TOKEN", "hf_secret")) {
            client.resolve(url("127.0.0.1"), null);
            client.resolve(url("localhost"), null);
        }
        assertThat(hub.requests()).hasSize(2);
        assertThat(hub.requests().get(0).authorization()).isEqualTo("Bearer hf_secret");
        assertThat(hub.requests().get(1).authorization()).isNull();
    }

    @Test
    void localPathsResolveLikeLocalOnly() throws Exception {
        Path base = Files.createDirectories(dir.resolve("config"));
        Path file = Files.writeString(base.resolve("tokenizer.model"), "x");
        try (HubClient client = client()) {
            assertThat(client.resolve("tokenizer.model", base)).isEqualTo(file);
            assertThat(client.resolve(file.toString(), null)).isEqualTo(file);
            assertThat(client.resolve("file://" + file, null)).isEqualTo(file);
            assertThatThrownBy(() -> client.resolve("missing.model", base)).isInstanceOf(NoSuchFileException.class);
        }
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void unwritableCacheNamesTheFolder() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("occupied"), "a file, not a folder");
        try (HubClient client = client("HF_HUB_CACHE", notAFolder.toString())) {
            assertThatThrownBy(() -> client.resolve("hf://someone/voices/v.safetensors", null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("Cannot save hf://someone/voices/v.safetensors@main in " + notAFolder.resolve("models--someone--voices"));
        }
    }

    @Test
    void fullDiskIsNamedAsSuch() {
        DownloadException e = Failures.cannotWrite("hf://a/b/c@main", Path.of("/data/hub/models--a--b/blobs"),
                new IOException("No space left on device"));
        assertThat(e.getMessage()).isEqualTo("Cannot save hf://a/b/c@main in /data/hub/models--a--b/blobs: the disk is full"
                + " (No space left on device); free some space there, or move the cache to another disk (HF_HUB_CACHE), and run again");
    }
}
