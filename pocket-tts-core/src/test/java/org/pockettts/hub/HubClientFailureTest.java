package org.pockettts.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pockettts.hub.HubTesting.environment;
import static org.pockettts.hub.HubTesting.randomBytes;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientFailureTest {

    private static final String REPO = "kyutai/pocket-tts";
    private static final String WEIGHTS = "hf://" + REPO + "/tts_b6369a24.safetensors";

    @TempDir
    Path dir;
    private FakeHub hub;
    private byte[] weights;

    @BeforeEach
    void startHub() throws Exception {
        hub = new FakeHub();
        weights = randomBytes(2_500_000, 7);
        hub.addFile(REPO, "tts_b6369a24.safetensors", weights, true);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubClient client(String... extra) {
        return HubClient.fromEnvironment(environment(dir, hub, extra));
    }

    private Path repoFolder() {
        return dir.resolve("hf/hub/models--kyutai--pocket-tts");
    }

    private List<Path> filesUnder(String folder) throws IOException {
        Path root = repoFolder().resolve(folder);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !Files.isDirectory(p)).toList();
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void gatedRepositoryWithoutTokenGivesTheClearMessage() {
        hub.repo(REPO).requiredToken = "hf_accepted";
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("access to kyutai/pocket-tts is restricted")
                    .hasMessageContaining("accept the terms at " + hub.endpoint() + "/kyutai/pocket-tts")
                    .hasMessageContaining("set HF_TOKEN to a token of your account (or run `hf auth login`)")
                    .hasMessageContaining("HTTP 401");
        }
        assertThat(repoFolder().resolve("blobs")).doesNotExist();
    }

    @Test
    void gatedRepositoryWithAWrongTokenSaysTheTokenWasRefused() {
        hub.repo(REPO).requiredToken = "hf_accepted";
        try (HubClient client = client("HF_TOKEN", "hf_not_accepted")) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("access to kyutai/pocket-tts is restricted")
                    .hasMessageContaining("the token from HF_TOKEN was refused, HTTP 403")
                    .hasMessageNotContaining("hf_not_accepted");
        }
    }

    @Test
    void missingFileGivesANotFoundMessage() {
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve("hf://" + REPO + "/no_such_file.safetensors", null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("Cannot download no_such_file.safetensors from kyutai/pocket-tts")
                    .hasMessageContaining("no such file at revision main")
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("check the repository name, the file path and the revision");
        }
    }

    @Test
    void missingRevisionGivesANotFoundMessage() {
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS + "@v9", null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("from kyutai/pocket-tts: the repository has no revision v9");
        }
    }

    @Test
    void unreachableEndpointGivesTheClearMessage() throws Exception {
        int port = closedPort();
        try (HubClient client = HubClient.fromEnvironment(environment(dir, null, "HF_ENDPOINT", "http://127.0.0.1:" + port))) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("cannot reach http://127.0.0.1:" + port)
                    .hasMessageContaining("connection refused")
                    .hasMessageContaining("check your connection, or set HF_HUB_OFFLINE=1 to use cached files");
        }
    }

    @Test
    void unreachableEndpointFallsBackToTheCachedCopyOfTheBranch() throws Exception {
        Path cached;
        try (HubClient client = client()) {
            cached = client.resolve(WEIGHTS, null);
        }
        int port = closedPort();
        try (HubClient client = HubClient.fromEnvironment(environment(dir, null, "HF_ENDPOINT", "http://127.0.0.1:" + port))) {
            assertThat(client.resolve(WEIGHTS, null)).isEqualTo(cached);
        }
    }

    @Test
    void brokenConnectionLeavesOnlyTheIncompleteFileAndTheNextRunResumesIt() throws Exception {
        String sha256 = FakeHub.hex("SHA-256", weights);
        hub.breakAfter = 1_000_000;
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("broke off after")
                    .hasMessageContaining("of 2.5 MB")
                    .hasMessageContaining("Run again to resume");
        }
        Path part = repoFolder().resolve("blobs").resolve(sha256 + ".incomplete");
        assertThat(filesUnder("blobs")).containsExactly(part);
        assertThat(filesUnder("snapshots")).isEmpty();
        long kept = Files.size(part);
        assertThat(kept).isPositive().isLessThan(weights.length);

        hub.clearRequests();
        HubTesting.RecordingListener listener = new HubTesting.RecordingListener();
        Path file;
        try (HubClient client = client()) {
            client.setDownloadListener(listener);
            file = client.resolve(WEIGHTS, null);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(weights);
        assertThat(hub.requests()).filteredOn(FakeHub.Request::toCdn)
                .singleElement().extracting(FakeHub.Request::range).isEqualTo("bytes=" + kept + "-");
        assertThat(listener.progress().getFirst()).isEqualTo(kept);
        assertThat(filesUnder("blobs")).containsExactly(repoFolder().resolve("blobs").resolve(sha256));
    }

    @Test
    void stalledTransferFailsAfterTheReadTimeoutAndKeepsWhatArrived() throws Exception {
        hub.stallAfter = 500_000;
        HubSettings settings = HubSettings.fromEnvironment(environment(dir, hub))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500));
        try (HubClient client = new HubClient(settings)) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("broke off after")
                    .hasMessageContaining("of 2.5 MB")
                    .hasMessageContaining("no data received for 500 ms");
        }
        assertThat(filesUnder("blobs")).singleElement().satisfies(p -> assertThat(p.toString()).endsWith(".incomplete"));
    }

    @Test
    void sha256MismatchIsRejectedAndNothingIsLeftInBlobs() throws Exception {
        byte[] served = weights.clone();
        served[1234] ^= 1;
        hub.addCorruptFile(REPO, "tts_b6369a24.safetensors", weights, served);
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("is corrupt: its SHA-256 is " + FakeHub.hex("SHA-256", served))
                    .hasMessageContaining("run again");
        }
        assertThat(filesUnder("blobs")).isEmpty();
        assertThat(filesUnder("snapshots")).isEmpty();
    }

    @Test
    void invalidHubLocationGivesAClearMessage() {
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve("hf://kyutai/pocket-tts", null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("hf://owner/repository/path/in/repository[@revision]");
        }
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void longerFileThanAnnouncedIsRejectedAndNothingIsLeftInBlobs() throws Exception {
        byte[] served = Arrays.copyOf(weights, weights.length + 10);
        hub.addCorruptFile(REPO, "tts_b6369a24.safetensors", weights, served);
        try (HubClient client = client()) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("is corrupt: it is longer than the announced " + weights.length + " bytes");
        }
        assertThat(filesUnder("blobs")).isEmpty();
    }

    @Test
    void endpointThatIsNotAHubIsReportedAsSuch() throws Exception {
        HttpServer plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        plain.start();
        String endpoint = "http://127.0.0.1:" + plain.getAddress().getPort();
        try (HubClient client = HubClient.fromEnvironment(environment(dir, null, "HF_ENDPOINT", endpoint))) {
            assertThatThrownBy(() -> client.resolve(WEIGHTS, null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining(endpoint + " did not answer like a Hugging Face Hub")
                    .hasMessageContaining("check HF_ENDPOINT");
        } finally {
            plain.stop(0);
        }
    }
}
