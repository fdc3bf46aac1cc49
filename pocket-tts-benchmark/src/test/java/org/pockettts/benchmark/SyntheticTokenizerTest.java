package org.pockettts.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;
import org.pockettts.text.TextPreparation;

class SyntheticTokenizerTest {

    @Test
    void decodingGivesBackTheEncodedText() {
        SyntheticTokenizer t = new SyntheticTokenizer(100);
        for (String text : List.of("Hello, world.", "Wait... what?!", "  two  spaces ", "Ünïcode — dash.")) {
            assertThat(t.decode(t.encode(text))).isEqualTo(text);
        }
    }

    @Test
    void oneTokenPerWordAndPerMark() {
        SyntheticTokenizer t = new SyntheticTokenizer(100);
        assertThat(t.encode("Hello, this is a test.")).hasSize(7);
        assertThat(t.encode("a a a")).containsExactly(t.encode("a")[0], t.encode("a")[0], t.encode("a")[0]);
    }

    @Test
    void theSentenceSplitterFindsItsSentenceEnds() {
        // Chunks of at most 4 tokens: each sentence (3 tokens) is a chunk of its own.
        SyntheticTokenizer t = new SyntheticTokenizer(100);
        assertThat(TextPreparation.splitIntoBestSentences(t, "One two. Three four! Five six?", 4))
                .containsExactly("One two.", "Three four!", "Five six?");
    }

    @Test
    void moreDistinctWordsThanTheVocabularyAreRefused() {
        SyntheticTokenizer t = new SyntheticTokenizer(3);
        assertThatThrownBy(() -> t.encode("one two three four")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("3 tokens");
    }
}
