package org.pockettts.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pockettts.hub.FakeHub;
import org.pockettts.testing.Fixtures;

/**
 * The tiny fixture model published on a {@link FakeHub} the way the real model is on the Hugging
 * Face Hub: gated weights with voice cloning, open weights without, the tokenizer, and the
 * predefined voice {@code alba} at its real pinned revision. {@link #config} writes a model YAML
 * that names those files by {@code hf://} locations.
 */
final class TinyHub implements AutoCloseable {

    static final String GATED = "kyutai/pocket-tts";
    static final String OPEN = "kyutai/pocket-tts-without-voice-cloning";
    static final String VOICES_REVISION = "d4fdd22ae8c8e1cb3634e150ebeff1dab2d16df3";
    static final String TOKEN = "hf_test_token";

    final FakeHub hub;

    TinyHub() {
        try {
            hub = new FakeHub();
            byte[] weights = Files.readAllBytes(Fixtures.tiny("tiny.safetensors"));
            hub.repo(GATED).requiredToken = TOKEN;
            hub.addFile(GATED, "tts_tiny.safetensors", weights, true);
            hub.repo(OPEN, VOICES_REVISION);
            hub.addFile(OPEN, "tts_tiny.safetensors", weights, true);
            hub.addFile(OPEN, "tokenizer.model", Files.readAllBytes(Fixtures.tiny("tokenizer.model")), false);
            hub.addFile(OPEN, "embeddings/alba.safetensors",
                    Files.readAllBytes(Fixtures.tiny("voice_embedding.safetensors")), true);
            hub.addFile(OPEN, "voices/voice.wav", Files.readAllBytes(Fixtures.tiny("voice.wav")), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String endpoint() {
        return hub.endpoint().toString();
    }

    String commit(String repo) {
        return hub.repo(repo).commit;
    }

    /** A model YAML in {@code dir} whose files all come from this hub, pinned to commits. */
    Path config(Path dir) throws IOException {
        String yaml = Files.readString(Fixtures.tiny("tiny.yaml"))
                .replace("weights_path: tiny.safetensors",
                        "weights_path: hf://" + GATED + "/tts_tiny.safetensors@" + commit(GATED) + "\n"
                                + "weights_path_without_voice_cloning: hf://" + OPEN + "/tts_tiny.safetensors@"
                                + commit(OPEN))
                .replace("tokenizer_path: tokenizer.model",
                        "tokenizer_path: hf://" + OPEN + "/tokenizer.model@" + commit(OPEN));
        Path file = dir.resolve("hub-tiny.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Override
    public void close() {
        hub.close();
    }
}
