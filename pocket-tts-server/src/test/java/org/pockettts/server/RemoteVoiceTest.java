package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.hub.FakeHub;
import org.pockettts.testing.Fixtures;

/**
 * Voices by URL through a running server: fetched from public hosts only (127.0.0.2 is declared
 * public here; 127.0.0.1 stands for the server's own machine), every failure told in the same words,
 * no token on a client's URL, only checked files kept (privately), and a client that leaves while its
 * voice is being fetched stops the fetch.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RemoteVoiceTest {

    private static final String TOKEN = "hf_operator_secret";

    private static TestServer fixture;
    private static byte[] voiceWav;
    private TestNetwork net;
    private TestOrigin publicOrigin;
    private TestOrigin internal;
    private TtsServer server;
    private Http http;
    @TempDir
    Path voiceFiles;

    @BeforeAll
    static void load() throws IOException {
        // The operator's token: the model's own files may use it, a client's URL never.
        fixture = new TestServer(Map.of("HF_TOKEN", TOKEN));
        voiceWav = Files.readAllBytes(Fixtures.tiny("voice.wav"));
    }

    @AfterAll
    static void unload() {
        fixture.close();
    }

    @BeforeEach
    void origins() throws IOException {
        net = new TestNetwork().declarePublic("127.0.0.2").resolve("voices.test", "127.0.0.2");
        publicOrigin = TestOrigin.http("127.0.0.2", 0).file("/voice.wav", voiceWav);
        internal = TestOrigin.http("127.0.0.1", 0).file("/voice.wav", voiceWav);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.stop();
        }
        publicOrigin.close();
        internal.close();
    }

    /** A server of this test's network, keeping fetched voices in this test's own folder. */
    private void start(ServerConfig.Builder config) {
        server = new TtsServer(fixture.model, fixture.withFixture(config).voiceFileCache(voiceFiles).build(),
                net.network(), EngineWork.of(fixture.model)).start();
        http = new Http(TestServer.base(server));
    }

    private String publicUrl(String path) {
        return "http://voices.test:" + publicOrigin.port() + path;
    }

    private Http.Response speak(String voiceUrl) {
        return http.post("/tts", GoldenSpeechTest.form("gen1").field("voice_url", voiceUrl));
    }

    @Test
    void aVoiceFromAPublicHostIsFetchedOnceAndSpoken() {
        start(TestServer.config());
        GoldenSpeechTest.assertGoldenWav(speak(publicUrl("/voice.wav")), "gen1");
        GoldenSpeechTest.assertGoldenWav(http.post("/tts", GoldenSpeechTest.form("gen2")
                .field("voice_url", publicUrl("/voice.wav"))), "gen2");
        assertThat(publicOrigin.requests()).singleElement().satisfies(r -> {
            assertThat(r.host()).isEqualTo("voices.test:" + publicOrigin.port());
            assertThat(r.authorization()).isNull();
        });
    }

    /**
     * Loopback, link-local, private, a redirect to them, a name that resolves to them, a refused
     * port, a missing file, a server error, an unknown host and a silent server all read the same to
     * the client, and nothing reached the server's own machine.
     */
    @Test
    void everyFailureReadsTheSameAndNothingReachesTheServersMachine() throws IOException {
        start(TestServer.config().voiceFetchTimeout(Duration.ofSeconds(2)));
        int port = internal.port();
        net.resolve("internal.test", "127.0.0.1").resolve("metadata.test", "169.254.169.254");
        publicOrigin.redirect("/to-loopback", 302, "http://127.0.0.1:" + port + "/voice.wav")
                .redirect("/to-metadata", 302, "http://169.254.169.254/latest/meta-data/")
                .status("/missing", 404).status("/broken", 500).hang("/silent");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.2"))) {
            closedPort = probe.getLocalPort();
        }
        List<String> urls = List.of("http://127.0.0.1:" + port + "/voice.wav", "http://localhost:" + port + "/voice.wav",
                "http://2130706433:" + port + "/voice.wav", "http://[::ffff:127.0.0.1]:" + port + "/voice.wav",
                "http://[::1]:" + port + "/voice.wav", "http://internal.test:" + port + "/voice.wav",
                "http://169.254.169.254/latest/meta-data/", "http://metadata.test/", "http://10.0.0.1/voice.wav",
                publicUrl("/to-loopback"), publicUrl("/to-metadata"), publicUrl("/missing"), publicUrl("/broken"),
                publicUrl("/silent"), "http://voices.test:" + closedPort + "/voice.wav", "http://nowhere.test/voice.wav",
                "https://voices.test:" + publicOrigin.port() + "/voice.wav");
        List<String> details = new ArrayList<>();
        for (String url : urls) {
            Http.Response r = speak(url);
            assertThat(r.status()).as(url + ": " + r.text()).isEqualTo(422);
            details.add(r.text().replace(url, "<url>"));
        }
        assertThat(details).as("the same words for every failure").containsOnly(details.getFirst());
        assertThat(details.getFirst()).contains("the download failed")
                .contains("only from public internet addresses");
        assertThat(internal.requests()).isEmpty();
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() {
        start(TestServer.config().maxUploadBytes(100_000));
        Http.Response r = speak(publicUrl("/voice.wav"));
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(r.text()).contains("larger than 100000 bytes");
    }

    @Test
    void onlyCheckedFilesAreKeptAndPrivately() throws IOException {
        start(TestServer.config());
        publicOrigin.file("/notes.wav", "just some notes".getBytes(StandardCharsets.US_ASCII));
        Path folder = voiceFiles;
        Http.Response notAudio = speak(publicUrl("/notes.wav"));
        assertThat(notAudio.status()).isEqualTo(422);
        assertThat(notAudio.text()).contains("not a WAV file");
        assertThat(files(folder)).isEmpty();

        assertThat(speak(publicUrl("/voice.wav")).status()).isEqualTo(200);
        assertThat(files(folder)).singleElement().satisfies(f -> {
            assertThat(Files.readAllBytes(f)).isEqualTo(voiceWav);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        });
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");

        // After a restart, with the host gone, the kept file still serves.
        server.stop();
        publicOrigin.close();
        start(TestServer.config());
        GoldenSpeechTest.assertGoldenWav(speak(publicUrl("/voice.wav")), "gen1");
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(folder)) {
            return all.toList();
        }
    }

    @Test
    void noneFetchesOnlyHubVoicesAndAnyFetchesFromAnywhere() {
        start(TestServer.config().voiceUrls(VoiceUrlPolicy.NONE));
        Http.Response refused = speak(publicUrl("/voice.wav"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).contains("does not fetch voices from http(s) URLs");
        GoldenSpeechTest.assertGoldenWav(speak(fixture.voiceWavUrl()), "gen1");
        assertThat(publicOrigin.requests()).isEmpty();
        server.stop();

        start(TestServer.config().voiceUrls(VoiceUrlPolicy.ANY));
        GoldenSpeechTest.assertGoldenWav(speak("http://127.0.0.1:" + internal.port() + "/voice.wav"), "gen1");
        assertThat(internal.requests()).hasSize(1);
    }

    /**
     * The operator's token goes to the Hub for the model's files, never with a client's URL or its
     * redirects; a client's voice reaches the model's file resolver only as one of the model's names.
     */
    @Test
    void theTokenNeverGoesWithAClientsUrl() {
        start(TestServer.config().voiceUrls(VoiceUrlPolicy.ANY));
        assertThat(fixture.hub.requests()).filteredOn(r -> r.path().contains("alba.safetensors"))
                .isNotEmpty().allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
        fixture.hub.clearRequests();
        String hubUrl = fixture.hub.endpoint() + "/" + TestServer.OPEN + "/resolve/main/voices/voice.wav";
        publicOrigin.redirect("/to-hub", 302, hubUrl);

        GoldenSpeechTest.assertGoldenWav(speak("hf://" + TestServer.OPEN + "/voices/voice.wav@main"), "gen1");
        GoldenSpeechTest.assertGoldenWav(speak(publicUrl("/to-hub")), "gen1");
        GoldenSpeechTest.assertGoldenWav(speak(hubUrl), "gen1");
        List<FakeHub.Request> requests = fixture.hub.requests();
        assertThat(requests).hasSize(3).allSatisfy(r -> assertThat(r.authorization()).isNull());
        assertThat(publicOrigin.requests()).allSatisfy(r -> assertThat(r.authorization()).isNull());

        // Only the model's own names reach its file resolver (which has the token); any other is refused first.
        fixture.hub.clearRequests();
        assertThat(speak("nobody").status()).isEqualTo(400);
        assertThat(speak("embeddings").status()).isEqualTo(400);
        assertThat(fixture.hub.requests()).isEmpty();
    }

    @Test
    void aClientThatLeavesWhileItsVoiceIsFetchedStopsTheFetch() throws Exception {
        start(TestServer.config().voiceFetchTimeout(Duration.ofMinutes(10)));
        publicOrigin.hang("/slow.wav");
        try (RawRequest _ = RawRequest.send(server.port(), "/tts",
                Http.form().field("text", "Hello.").field("voice_url", publicUrl("/slow.wav")))) {
            assertThat(publicOrigin.hanging.await(1, TimeUnit.MINUTES)).isTrue();
        }
        // Long before the fetch's own deadline, the server hangs up on the origin.
        assertThat(publicOrigin.hungUpOn.await(2, TimeUnit.MINUTES)).isTrue();
        MetricsText.await("the request is gone", () -> MetricsText.value(http, StreamingTest.QUEUED) == 0);
        assertThat(http.get("/health").status()).isEqualTo(200);
    }
}
