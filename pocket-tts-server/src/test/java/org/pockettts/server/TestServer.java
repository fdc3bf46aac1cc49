package org.pockettts.server;

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

/**
 * The tiny model (under the behaviour of its goldens, 1.0) behind a {@link FakeHub} that publishes the predefined voice {@code alba} (the
 * fixture's voice embedding, at the real pinned revision) and a WAV voice reachable by URL. Servers
 * started from it listen on 127.0.0.1 at a free port.
 */
final class TestServer implements AutoCloseable {

    static final String OPEN = "kyutai/pocket-tts-without-voice-cloning";
    static final String VOICES_REVISION = "d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3";

    final FakeHub hub;
    final HubClient files;
    final TtsModel model;
    final Path home;

    TestServer() {
        try {
            hub = new FakeHub();
            hub.repo(OPEN, VOICES_REVISION);
            hub.addFile(OPEN, "embeddings/alba.safetensors",
                    Files.readAllBytes(Fixtures.tiny("voice_embedding.safetensors")), true);
            hub.addFile(OPEN, "voices/voice.wav", Files.readAllBytes(Fixtures.tiny("voice.wav")), false);
            hub.addFile(OPEN, "voices/not-audio.wav", "this is not audio".getBytes(), false);
            home = Files.createTempDirectory("pocket-tts-server-test");
            files = HubClient.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                    "HF_HOME", home.toString()));
            model = TtsModel.builder(ModelConfig.load(Fixtures.tiny("tiny.yaml"))).files(files).compat(Compat.V1_0).load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The defaults of the tests: 127.0.0.1, a free port, a short grace. */
    static ServerConfig.Builder config() {
        return ServerConfig.builder().host("127.0.0.1").port(0).shutdownGrace(java.time.Duration.ofSeconds(2));
    }

    TtsServer start(ServerConfig config) {
        return new TtsServer(model, config).start();
    }

    /** The http:// URL of the WAV voice on the fake hub. */
    String voiceWavUrl() {
        return hub.endpoint() + "/" + OPEN + "/resolve/main/voices/voice.wav";
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
