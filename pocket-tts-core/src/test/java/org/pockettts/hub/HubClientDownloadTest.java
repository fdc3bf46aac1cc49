package org.pockettts.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pockettts.hub.HubTesting.environment;
import static org.pockettts.hub.HubTesting.randomBytes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubClientDownloadTest {

    private static final String REPO = "kyutai/pocket-tts-without-voice-cloning";

    @TempDir
    Path dir;
    private FakeHub hub;
    private byte[] voice;
    private byte[] config;

    @BeforeEach
    void startHub() throws Exception {
        hub = new FakeHub();
        voice = randomBytes(3_000_000, 1);
        config = "weights_path: here\n".getBytes(StandardCharsets.UTF_8);
        hub.addFile(REPO, "embeddings/alba.safetensors", voice, true);
        hub.addFile(REPO, "config.yaml", config, false);
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    private HubClient client(String... extra) {
        return HubClient.fromEnvironment(environment(dir, hub, extra));
    }

    private Path repoFolder() {
        return dir.resolve("hf/hub/models--kyutai--pocket-tts-without-voice-cloning");
    }

    @Test
    void firstDownloadCreatesTheHuggingfaceHubLayoutAndReportsProgress() throws Exception {
        String commit = hub.repo(REPO).commit;
        String sha256 = FakeHub.hex("SHA-256", voice);
        HubTesting.RecordingListener listener = new HubTesting.RecordingListener();
        Path file;
        try (HubClient client = client()) {
            client.setDownloadListener(listener);
            file = client.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null);
        }

        Path snapshot = repoFolder().resolve("snapshots").resolve(commit).resolve("embeddings/alba.safetensors");
        Path blob = repoFolder().resolve("blobs").resolve(sha256);
        assertThat(file).isEqualTo(snapshot);
        assertThat(Files.isSymbolicLink(snapshot)).isTrue();
        assertThat(Files.readSymbolicLink(snapshot)).isEqualTo(Path.of("../../../blobs/" + sha256));
        assertThat(Files.readAllBytes(blob)).isEqualTo(voice);
        assertThat(Files.readAllBytes(file)).isEqualTo(voice);
        assertThat(Files.readString(repoFolder().resolve("refs/main"))).isEqualTo(commit);
        assertThat(dir.resolve("hf/hub/.locks/models--kyutai--pocket-tts-without-voice-cloning/" + sha256 + ".lock")).exists();
        try (Stream<Path> all = Files.walk(repoFolder())) {
            assertThat(all.map(Path::toString)).noneMatch(p -> p.endsWith(".incomplete"));
        }
        assertThat(listener.events.getFirst()).isEqualTo("started embeddings/alba.safetensors " + voice.length);
        assertThat(listener.events.getLast()).isEqualTo("finished");
        assertThat(listener.progress()).isNotEmpty().isSorted().last().isEqualTo((long) voice.length);
    }

    @Test
    void smallFileIsNamedByItsGitHashAndLinkedFromTheSnapshotRoot() throws Exception {
        String commit = hub.repo(REPO).commit;
        String gitHash = hub.repo(REPO).files.get("config.yaml").gitHash();
        Path file;
        try (HubClient client = client()) {
            file = client.resolve("hf://" + REPO + "/config.yaml", null);
        }
        assertThat(file).isEqualTo(repoFolder().resolve("snapshots").resolve(commit).resolve("config.yaml"));
        assertThat(Files.readSymbolicLink(file)).isEqualTo(Path.of("../../blobs/" + gitHash));
        assertThat(Files.readAllBytes(file)).isEqualTo(config);
    }

    @Test
    void secondResolveOfACommitPinnedFileMakesNoRequest() throws Exception {
        String location = "hf://" + REPO + "/embeddings/alba.safetensors@" + hub.repo(REPO).commit;
        Path first;
        try (HubClient client = client()) {
            first = client.resolve(location, null);
        }
        hub.clearRequests();
        Path second;
        try (HubClient client = client()) {
            second = client.resolve(location, null);
        }
        assertThat(second).isEqualTo(first);
        assertThat(hub.requests()).isEmpty();
        // A pinned commit is not a branch: no ref is written for it.
        assertThat(repoFolder().resolve("refs")).doesNotExist();
    }

    @Test
    void branchRevisionMakesOnlyTheMetadataRequestTheSecondTime() throws Exception {
        String location = "hf://" + REPO + "/embeddings/alba.safetensors@main";
        try (HubClient client = client()) {
            client.resolve(location, null);
        }
        hub.clearRequests();
        Path again;
        try (HubClient client = client()) {
            again = client.resolve(location, null);
        }
        assertThat(Files.readAllBytes(again)).isEqualTo(voice);
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("HEAD");
            assertThat(r.path()).isEqualTo("/" + REPO + "/resolve/main/embeddings/alba.safetensors");
        });
    }

    @Test
    void knownBlobIsLinkedIntoANewSnapshotWithoutDownloadingIt() throws Exception {
        try (HubClient client = client()) {
            client.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null);
        }
        // The same content at a second path of the repository is a blob already: only the metadata is asked for.
        hub.addFile(REPO, "embeddings/copy.safetensors", voice, true);
        hub.clearRequests();
        Path copy;
        try (HubClient client = client()) {
            copy = client.resolve("hf://" + REPO + "/embeddings/copy.safetensors", null);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(voice);
        assertThat(hub.requests()).extracting(FakeHub.Request::method).containsExactly("HEAD");
    }

    @Test
    void offlineModeResolvesFromTheCacheWithoutRequests() throws Exception {
        Path downloaded;
        try (HubClient client = client()) {
            downloaded = client.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null);
        }
        hub.clearRequests();
        for (String on : List.of("1", "true", "YES", "on")) {
            try (HubClient offline = client("HF_HUB_OFFLINE", on)) {
                assertThat(offline.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null)).isEqualTo(downloaded);
            }
        }
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void offlineModeFailsClearlyWhenTheFileIsNotCached() {
        try (HubClient offline = client("HF_HUB_OFFLINE", "1")) {
            assertThatThrownBy(() -> offline.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null))
                    .isInstanceOf(DownloadException.class)
                    .hasMessageContaining("hf://" + REPO + "/embeddings/alba.safetensors")
                    .hasMessageContaining("not in the cache")
                    .hasMessageContaining("offline mode is on");
        }
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void tokenFromHfTokenIsSentToTheHubButNotToTheStorageHost() throws Exception {
        hub.repo(REPO).requiredToken = "hf_secret";
        try (HubClient client = client("HF_TOKEN", "hf_secret")) {
            client.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null);
        }
        List<FakeHub.Request> requests = hub.requests();
        assertThat(requests).filteredOn(r -> !r.toCdn()).isNotEmpty()
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer hf_secret"));
        assertThat(requests).filteredOn(FakeHub.Request::toCdn).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.host()).startsWith("localhost:");
                    assertThat(r.authorization()).isNull();
                });
    }

    @Test
    void tokenFromTheTokenFileIsSent() throws Exception {
        hub.repo(REPO).requiredToken = "hf_from_file";
        Files.createDirectories(dir.resolve("hf"));
        Files.writeString(dir.resolve("hf/token"), "hf_from_file\n");
        Path file;
        try (HubClient client = client()) {
            assertThat(client.settings().tokenSource()).contains(dir.resolve("hf/token").toString());
            file = client.resolve("hf://" + REPO + "/config.yaml", null);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(config);
        assertThat(hub.requests()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer hf_from_file"));
    }

    @Test
    void hfEndpointIsHonoured() throws Exception {
        try (FakeHub mirror = new FakeHub()) {
            mirror.addFile(REPO, "config.yaml", "from the mirror".getBytes(StandardCharsets.UTF_8), false);
            Path file;
            try (HubClient client = HubClient.fromEnvironment(environment(dir, mirror))) {
                assertThat(client.settings().endpoint()).isEqualTo(mirror.endpoint());
                file = client.resolve("hf://" + REPO + "/config.yaml", null);
            }
            assertThat(Files.readString(file)).isEqualTo("from the mirror");
            assertThat(mirror.requests()).isNotEmpty();
            assertThat(hub.requests()).isEmpty();
        }
    }

    @Test
    void metadataRequestFollowsTheRelativeRedirectOfARenamedRepository() throws Exception {
        hub.rename("kyutai/old-name", REPO);
        Path file;
        try (HubClient client = client()) {
            file = client.resolve("hf://kyutai/old-name/config.yaml", null);
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(config);
        assertThat(file.toString()).contains("models--kyutai--old-name");
    }

    @Test
    void twoThreadsResolvingTheSameFileDownloadItOnce() throws Exception {
        try (HubClient client = client(); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Callable<Path> resolve = () -> client.resolve("hf://" + REPO + "/embeddings/alba.safetensors", null);
            Future<Path> a = pool.submit(resolve);
            Future<Path> b = pool.submit(resolve);
            assertThat(a.get()).isEqualTo(b.get());
            assertThat(Files.readAllBytes(a.get())).isEqualTo(voice);
        }
        assertThat(hub.requests()).filteredOn(r -> r.toCdn() && r.method().equals("GET")).hasSize(1);
    }
}
