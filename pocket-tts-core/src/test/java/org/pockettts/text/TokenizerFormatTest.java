package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.ModelFormatException;
import org.pockettts.testing.Fixtures;

class TokenizerFormatTest {

    @TempDir
    Path dir;

    @Test
    void choosesTheFormatAsTheReferenceDoes() {
        assertThat(TokenizerFormat.select("sentencepiece", "tokenizer.model")).isEqualTo(TokenizerFormat.SENTENCEPIECE);
        assertThat(TokenizerFormat.select(null, "tokenizer.model")).isEqualTo(TokenizerFormat.SENTENCEPIECE);
        assertThat(TokenizerFormat.select("tokenizers", "tokenizer.model")).isEqualTo(TokenizerFormat.TOKENIZER_JSON);
        assertThat(TokenizerFormat.select("json", "vocab")).isEqualTo(TokenizerFormat.TOKENIZER_JSON);
        // A path ending in .json means JSON whatever the kind says; a revision after it does not count.
        assertThat(TokenizerFormat.select("sentencepiece", "tokenizer.json")).isEqualTo(TokenizerFormat.TOKENIZER_JSON);
        assertThat(TokenizerFormat.select("sentencepiece", "hf://kyutai/pocket-tts-without-voice-cloning/languages/"
                + "german/tokenizer.json@4e1e0a3e611c51c0b4ed8174fc10f32a54644303"))
                .isEqualTo(TokenizerFormat.TOKENIZER_JSON);
        assertThat(TokenizerFormat.select(null,
                "hf://kyutai/pocket-tts-without-voice-cloning/tokenizer.model@d29db7978e464fb90cb3359ee0c69a273b9142cc"))
                .isEqualTo(TokenizerFormat.SENTENCEPIECE);
        assertThat(TokenizerFormat.select("sentencepiece", "tokenizer.json.model")).isEqualTo(TokenizerFormat.SENTENCEPIECE);
    }

    @Test
    void refusesAnUnknownKindListingTheKnownOnes() {
        assertThatThrownBy(() -> TokenizerFormat.select("bpe", "tokenizer.model")).isInstanceOf(ModelFormatException.class)
                .hasMessage("Unknown tokenizer kind \"bpe\" (lookup_table.tokenizer): use sentencepiece, tokenizers"
                        + " or json");
    }

    @Test
    void loadsEachFormatIntoTheSameIds() throws IOException {
        Path json = dir.resolve("tokenizer.json");
        Files.write(json, TokenizerJsonConverter.convert("tiny", Files.readAllBytes(Fixtures.tiny("tokenizer.model"))));
        Tokenizer fromModel = TokenizerFormat.SENTENCEPIECE.load(Fixtures.tiny("tokenizer.model"));
        Tokenizer fromJson = TokenizerFormat.TOKENIZER_JSON.load(json);
        assertThat(fromModel).isInstanceOf(SentencePieceTokenizer.class);
        assertThat(fromJson).isInstanceOf(JsonTokenizer.class);
        assertThat(fromJson.encode("Hello world.")).containsExactly(fromModel.encode("Hello world."))
                .containsExactly(647, 879, 279, 259, 306, 302, 295, 266, 260);
    }
}
