package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.pockettts.testing.Fixtures;

/**
 * Every text entry of the pocket-tts 2.1.0 and 3.3 goldens (prepared prompts, sentence splits,
 * chunk plans, the generation cases' chunk tokens and limits, and the 3.3 tokenizer entries) comes
 * out as the reference's with the behaviour's preset.
 */
class TextRulesGoldenTest {

    private static final double FRAME_RATE = 12.5;
    /** The EOS threshold of a case that never stops on EOS. */
    private static final double NEVER = 1e9;
    private static final SentencePieceTokenizer TINY = SentencePieceTokenizer.load(Fixtures.tinyV3("tokenizer.model"));

    /**
     * pocket-tts 1.0.1's chunks of the tiny fixture's generation cases; {@code gen0} never stops on
     * EOS, so its frames are the 1.0.1 limit, {@code int((words + 2) · 12.5)}.
     */
    @Test
    void v1_0PresetPlansTheChunksOfThe101Cases() {
        for (JsonNode c : Fixtures.golden().get("cases")) {
            List<ChunkPlanner.PlannedChunk> plan = new ChunkPlanner(TINY, TextRules.v1_0(), null, FRAME_RATE)
                    .plan(c.get("text").asText(), 50, null);
            assertThat(plan).extracting(ChunkPlanner.PlannedChunk::text).as(c.get("key").asText())
                    .containsExactlyElementsOf(GoldenText.strings(c.get("text_chunks")));
            if (c.get("eos_threshold").asDouble() >= NEVER) {
                assertThat(plan.stream().mapToInt(ChunkPlanner.PlannedChunk::maxFrames).sum()).as(c.get("key").asText())
                        .isEqualTo(c.get("frames").asInt());
            }
        }
    }

    @Test
    void v2_1PresetReproducesEveryTextGolden() {
        List<String> mismatches = GoldenTextChecks.v2(TINY, UnaryOperator.identity());
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }

    @Test
    void v3_3PresetReproducesEveryTextGolden() {
        List<String> mismatches = GoldenTextChecks.v3(TINY, UnaryOperator.identity());
        assertThat(mismatches).as(String.join("\n", mismatches)).isEmpty();
    }
}
