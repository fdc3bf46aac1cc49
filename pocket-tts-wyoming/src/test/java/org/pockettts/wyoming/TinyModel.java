package org.pockettts.wyoming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.pockettts.GenerationOptions;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.config.Compat;
import org.pockettts.config.ModelConfig;
import org.pockettts.hub.FakeHub;
import org.pockettts.hub.HubClient;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * The tiny model (behaviour 1.0, as its goldens) for every test of this JVM, behind a {@link FakeHub}
 * that publishes its predefined voice {@code alba} (the fixture's voice embedding); a voices folder
 * holding the saved voice {@code mine} (the fixture's voice embedding too); and the oracle: what the
 * engine itself generates, as the 16-bit samples the protocol carries.
 */
final class TinyModel {

    static final String OPEN = "kyutai/pocket-tts-without-voice-cloning";
    static final String VOICES_REVISION = "d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3";
    /** Every request of the tests' servers is seeded, so that the engine's audio can be remade. */
    static final GenerationOptions OPTIONS = GenerationOptions.defaults().withSeed(1234L);

    private static TtsModel model;
    private static Path voicesFolder;

    private TinyModel() {
    }

    static synchronized TtsModel model() {
        if (model == null) {
            try {
                FakeHub hub = new FakeHub();
                hub.repo(OPEN, VOICES_REVISION);
                hub.addFile(OPEN, "embeddings/alba.safetensors",
                        Files.readAllBytes(Fixtures.tiny("voice_embedding.safetensors")), true);
                Path home = Files.createTempDirectory("pocket-tts-wyoming-test");
                HubClient files = HubClient.fromEnvironment(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
                        "HF_HOME", home.toString()));
                model = TtsModel.builder(ModelConfig.load(Fixtures.tiny("tiny.yaml"))).files(files)
                        .compat(Compat.V1_0).load();
                voicesFolder = Files.createDirectories(home.resolve("voices"));
                Files.copy(Fixtures.tiny("voice_embedding.safetensors"), voicesFolder.resolve("mine.safetensors"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }

    /** The folder of saved voices, holding {@code mine}. */
    static Path voicesFolder() {
        model();
        return voicesFolder;
    }

    /** The file of the default voice of the tests' servers. */
    static Path defaultVoiceFile() {
        return Fixtures.tiny("voice.wav");
    }

    /** Test settings: 127.0.0.1, a free port, the seeded options, the default voice and the voices folder. */
    static WyomingConfig.Builder config() {
        return WyomingConfig.builder().host("127.0.0.1").port(0).options(OPTIONS)
                .defaultVoice(defaultVoiceFile().toString()).voicesFolder(voicesFolder())
                .shutdownGrace(java.time.Duration.ofSeconds(1));
    }

    static WyomingServer start(WyomingConfig.Builder config) {
        try {
            return new WyomingServer(model(), config.build()).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the engine generates for {@code text} in {@code voice} with the tests' options, as 16-bit samples. */
    static short[] engine(Voice voice, String text) {
        float[] audio = model().generate(voice, text, OPTIONS);
        return Arrays.copyOf(Wav.referenceConversion(audio), audio.length);
    }

    /** Little-endian 16-bit samples. */
    static short[] samples(byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** {@code a} then {@code b}. */
    static short[] concat(short[] a, short[] b) {
        short[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
