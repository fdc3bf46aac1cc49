package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.pockettts.TtsModel;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.FakeHub;
import org.pockettts.hub.HubClient;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * The tiny model (under the behaviour of its goldens, 1.0) behind a {@link FakeHub} that publishes
 * the predefined voice {@code alba} (the fixture's voice embedding, at the real pinned revision) and
 * a WAV voice reachable by URL. Servers started from it listen on 127.0.0.1 at a free port.
 */
final class TestServer implements AutoCloseable {

    static final String OPEN = "kyutai/pocket-tts-without-voice-cloning";
    static final String VOICES_REVISION = "d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3";

    final FakeHub hub;
    final HubClient files;
    final TtsModel model;
    final Path home;

    TestServer() {
        this(Map.of());
    }

    /** The fixture with more environment variables for the model's file resolver, such as {@code HF_TOKEN}. */
    TestServer(Map<String, String> environment) {
        try {
            hub = new FakeHub();
            hub.repo(OPEN, VOICES_REVISION);
            hub.addFile(OPEN, "embeddings/alba.safetensors",
                    Files.readAllBytes(Fixtures.tiny("voice_embedding.safetensors")), true);
            hub.addFile(OPEN, "voices/voice.wav", Files.readAllBytes(Fixtures.tiny("voice.wav")), false);
            hub.addFile(OPEN, "voices/not-audio.wav", "this is not audio".getBytes(), false);
            home = Files.createTempDirectory("pocket-tts-server-test");
            Map<String, String> env = new java.util.HashMap<>(environment);
            env.put("HF_ENDPOINT", hub.endpoint().toString());
            env.put("HF_HOME", home.toString());
            files = HubClient.fromEnvironment(env);
            model = TtsModel.builder(ModelConfig.load(Fixtures.tiny("tiny.yaml"))).files(files).compat(Compat.V1_0).load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The defaults of the tests: 127.0.0.1, a free port, a short grace (call {@link #start} to use it). */
    static ServerConfig.Builder config() {
        return ServerConfig.builder().host("127.0.0.1").port(0).shutdownGrace(java.time.Duration.ofSeconds(2));
    }

    /** A server for {@code config}, fetching {@code hf://} voices from the fake hub and keeping them in {@link #home}. */
    TtsServer start(ServerConfig.Builder config) {
        return start(config, Network.system());
    }

    /** {@link #start(ServerConfig.Builder)} with voice URLs fetched through {@code network}. */
    TtsServer start(ServerConfig.Builder config, Network network) {
        return start(config, network, EngineWork.of(model));
    }

    /** {@link #start(ServerConfig.Builder, Network)} with the engine's work done by {@code work}. */
    TtsServer start(ServerConfig.Builder config, Network network, EngineWork work) {
        return new TtsServer(model, withFixture(config).build(), network, work).start();
    }

    /** {@code config} pointed at the fake hub, and at a voice file cache and a voices folder in {@link #home}. */
    ServerConfig.Builder withFixture(ServerConfig.Builder config) {
        return config.hubEndpoint(hub.endpoint()).voiceFileCache(home.resolve("server-voices"))
                .voicesDir(home.resolve("voices"));
    }

    /** The hf:// URL of the WAV voice on the fake hub. */
    String voiceWavUrl() {
        return "hf://" + OPEN + "/voices/voice.wav@main";
    }

    /** The server behind {@code http} is healthy and speaks. */
    static void assertStillServes(Http http) {
        assertThat(http.get("/health").status()).isEqualTo(200);
        Http.Response r = http.post("/tts", Http.form().field("text", "Still here.").field("temperature", "0")
                .field("eos_threshold", "-6"));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(Wav.streamedSamples(r.body())).isNotEmpty();
    }

    static URI base(TtsServer server) {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @Override
    public void close() {
        files.close();
        hub.close();
    }
}
