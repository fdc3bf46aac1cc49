package org.pockettts.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.pockettts.hub.FakeHub;
import org.pockettts.hub.HubLocation;
import org.pockettts.testing.Fixtures;
import org.pockettts.text.TokenizerJsonConverter;

/**
 * The tiny 3.3 model published on a {@link FakeHub} under the Hub locations of a built-in language,
 * as the real pack is: gated weights with voice cloning, open weights without, the
 * {@code tokenizer.json} (the fixture's SentencePiece model converted) and the predefined voices (the
 * fixture's model state), each at its pinned revision. {@link #config} is the language's built-in
 * configuration with the tiny architecture in place of the real one.
 */
public final class TinyPacks {

    public static final String TOKEN = "hf_test_token";

    private TinyPacks() {
    }

    /** The architecture of the {@code tiny-v3} models with the placeholders of {@code language-pack.yaml}. */
    static String template() {
        try {
            String tiny = Files.readString(Fixtures.tinyV3("tiny.yaml"));
            String networks = tiny.substring(tiny.indexOf("flow_lm:"))
                    .replace("  insert_bos_before_voice: true", "  insert_bos_before_voice: {{insert_bos_before_voice}}")
                    .replace("    dim: 32\n  transformer:", "    dim: 32\n    type: {{flow_type}}\n  transformer:")
                    .replace("tokenizer: sentencepiece", "tokenizer: {{tokenizer}}")
                    .replace("tokenizer_path: tokenizer.model", "tokenizer_path: {{tokenizer_path}}");
            return "weights_path: {{weights_path}}\n"
                    + "weights_path_without_voice_cloning: {{weights_path_without_voice_cloning}}\n"
                    + "{{options}}\n" + networks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in configuration of {@code language} on the tiny architecture. */
    public static ModelConfig config(String language) {
        return Languages.config(language, template());
    }

    /** Publishes the tiny model's files on {@code hub} where {@code language}'s configuration and voices say. */
    public static void publish(FakeHub hub, String language, String... voices) throws IOException {
        ModelConfig config = config(language);
        byte[] weights = Files.readAllBytes(Fixtures.tinyV3("tiny.safetensors"));
        add(hub, config.weightsPath(), weights, true);
        hub.repo(HubLocation.parse(config.weightsPath()).repoId()).requiredToken = TOKEN;
        add(hub, config.weightsPathWithoutVoiceCloning(), weights, true);
        byte[] model = Files.readAllBytes(Fixtures.tinyV3("tokenizer.model"));
        add(hub, config.flowLm().lookupTable().tokenizerPath(), TokenizerJsonConverter.convert("tiny", model), false);
        byte[] state = Files.readAllBytes(Fixtures.tinyV3("voice_state.safetensors"));
        for (String voice : voices) {
            add(hub, config.catalog().location(voice), state, true);
        }
    }

    private static void add(FakeHub hub, String location, byte[] content, boolean lfs) {
        HubLocation l = HubLocation.parse(location);
        hub.addFileAt(l.repoId(), l.revision(), l.path(), content, lfs);
    }
}
