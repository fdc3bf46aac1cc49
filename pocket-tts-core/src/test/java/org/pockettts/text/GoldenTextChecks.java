package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.pockettts.api.InvalidInputException;
import org.pockettts.testing.Fixtures;

/**
 * Runs the text entries of the 2.1.0 and 3.3 goldens ({@code prepare_text_prompt},
 * {@code split_into_best_sentences}, {@code chunk_plan} and the generation cases' chunks) and lists
 * every entry whose result differs from the reference's. The rules of each entry may be altered
 * first ({@code tweak}), which shows which entries depend on a switch.
 */
final class GoldenTextChecks {

    private static final int DEFAULT_MAX_TOKENS = 50;
    private static final double FRAME_RATE = 12.5;
    private static final String V3_DEFAULT_CONFIG = "tiny.yaml";

    private final Tokenizer tokenizer;
    private final UnaryOperator<TextRules> tweak;
    private final List<String> mismatches = new ArrayList<>();

    private GoldenTextChecks(Tokenizer tokenizer, UnaryOperator<TextRules> tweak) {
        this.tokenizer = tokenizer;
        this.tweak = tweak;
    }

    /** The mismatches of every 2.1.0 text entry. */
    static List<String> v2(Tokenizer tokenizer, UnaryOperator<TextRules> tweak) {
        GoldenTextChecks checks = new GoldenTextChecks(tokenizer, tweak);
        checks.v2Entries();
        return checks.mismatches;
    }

    /** The mismatches of every 3.3 text entry. */
    static List<String> v3(Tokenizer tokenizer, UnaryOperator<TextRules> tweak) {
        GoldenTextChecks checks = new GoldenTextChecks(tokenizer, tweak);
        checks.v3Entries();
        return checks.mismatches;
    }

    private void v2Entries() {
        JsonNode golden = Fixtures.goldenV2();
        for (JsonNode e : golden.get("prepare_text_prompt")) {
            checkPrepared("2.1 prepare_text_prompt", e, v2Rules(e));
        }
        for (JsonNode e : golden.get("split_into_best_sentences")) {
            checkSplit("2.1 split_into_best_sentences", e, v2Rules(e));
        }
        for (JsonNode e : golden.get("chunk_plan")) {
            checkPlan("2.1 chunk_plan", e, v2Rules(e), GoldenText.recommendedFramesAfterEos(e),
                    GoldenText.explicitFramesAfterEos(e, "frames_after_eos"));
        }
        for (JsonNode c : golden.get("cases")) {
            JsonNode config = GoldenText.yaml(Fixtures.tinyV2(c.get("config").asText()));
            checkCase("2.1 " + c.get("key").asText(), c, v2Rules(config), GoldenText.recommendedFramesAfterEos(config));
        }
    }

    private void v3Entries() {
        JsonNode golden = Fixtures.goldenV3();
        for (JsonNode e : golden.get("prepare_text_prompt")) {
            checkPrepared("3.3 prepare_text_prompt [" + e.get("profile").asText() + "]", e,
                    GoldenText.v3Profile(e.get("profile").asText()));
        }
        for (JsonNode e : golden.get("split_into_best_sentences")) {
            checkSplit("3.3 split_into_best_sentences [" + e.get("profile").asText() + "]", e,
                    GoldenText.v3Profile(e.get("profile").asText()));
        }
        for (JsonNode e : golden.get("chunk_plan")) {
            JsonNode config = GoldenText.v3Config(e.path("config").asText(V3_DEFAULT_CONFIG));
            checkPlan("3.3 chunk_plan", e, TextRules.v3_3(GoldenText.options(config)),
                    GoldenText.recommendedFramesAfterEos(config), GoldenText.explicitFramesAfterEos(e, "frames_after_eos"));
        }
        for (JsonNode c : golden.get("cases")) {
            JsonNode config = GoldenText.v3Config(c.get("config").asText());
            checkCase("3.3 " + c.get("key").asText(), c, TextRules.v3_3(GoldenText.options(config)),
                    GoldenText.recommendedFramesAfterEos(config));
        }
        for (JsonNode e : golden.get("tokenizer")) {
            int[] ids = tokenizer.encode(e.get("text").asText());
            expect("3.3 tokenizer ids", e.get("text"), Arrays.toString(ids), Arrays.toString(GoldenText.ints(e.get("ids"))));
            expect("3.3 tokenizer decoded", e.get("text"), tokenizer.decode(GoldenText.ints(e.get("ids"))),
                    e.get("decoded").asText());
        }
    }

    private static TextRules v2Rules(JsonNode options) {
        return TextRules.v2_1(GoldenText.options(options));
    }

    private void checkPrepared(String what, JsonNode e, TextRules rules) {
        String text = e.get("text").asText();
        String actual;
        try {
            TextPreparation.Prepared prepared = TextPreparation.prepareTextPrompt(text, tweak.apply(rules));
            actual = prepared.text() + " | guess " + prepared.framesAfterEosGuess();
        } catch (InvalidInputException ex) {
            actual = ex.getMessage().startsWith("Text prompt cannot be empty") ? "error" : "wrong error " + ex.getMessage();
        }
        String expected = e.has("error") ? "error" : e.get("prepared").asText() + " | guess "
                + e.get("frames_after_eos_guess").asInt();
        expect(what, e.get("text"), actual, expected);
    }

    private void checkSplit(String what, JsonNode e, TextRules rules) {
        List<String> chunks = TextPreparation.splitIntoBestSentences(tokenizer, e.get("text").asText(),
                e.path("max_tokens").asInt(DEFAULT_MAX_TOKENS), tweak.apply(rules));
        List<Integer> counts = chunks.stream().map(chunk -> tokenizer.encode(chunk).length).toList();
        expect(what + " (max_tokens " + e.path("max_tokens").asInt(DEFAULT_MAX_TOKENS) + ")", e.get("text"),
                chunks + " " + counts, GoldenText.strings(e.get("chunks")) + " "
                        + Arrays.stream(GoldenText.ints(e.get("chunk_token_counts"))).boxed().toList());
    }

    private void checkPlan(String what, JsonNode e, TextRules rules, Integer recommended, Integer explicit) {
        List<ChunkPlanner.PlannedChunk> plan = new ChunkPlanner(tokenizer, tweak.apply(rules), recommended, FRAME_RATE)
                .plan(e.get("text").asText(), e.path("max_tokens").asInt(DEFAULT_MAX_TOKENS), explicit);
        List<String> actual = plan.stream().map(p -> p.text() + " | eos+" + p.framesAfterEos() + " | tokens "
                + p.tokens().length + " | max " + p.maxFrames()).toList();
        List<String> expected = new ArrayList<>();
        e.get("chunks").forEach(c -> expected.add(c.get("text").asText() + " | eos+" + c.get("frames_after_eos").asInt()
                + " | tokens " + c.get("tokens").asInt() + " | max " + c.get("max_gen_len").asInt()));
        expect(what, e.get("text"), actual.toString(), expected.toString());
    }

    private void checkCase(String what, JsonNode c, TextRules rules, Integer recommended) {
        Integer explicit = GoldenText.explicitFramesAfterEos(c, "frames_after_eos_argument");
        List<ChunkPlanner.PlannedChunk> plan = new ChunkPlanner(tokenizer, tweak.apply(rules), recommended, FRAME_RATE)
                .plan(c.get("text").asText(), c.path("max_tokens").asInt(DEFAULT_MAX_TOKENS), explicit);
        List<String> actual = new ArrayList<>();
        for (ChunkPlanner.PlannedChunk p : plan) {
            actual.add(Arrays.toString(p.tokens()) + " eos+" + p.framesAfterEos() + " max " + p.maxFrames());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < c.get("chunk_tokens").size(); i++) {
            expected.add(Arrays.toString(GoldenText.ints(c.get("chunk_tokens").get(i))) + " eos+"
                    + c.get("chunk_frames_after_eos").get(i).asInt() + " max " + c.get("chunk_max_gen_len").get(i).asInt());
        }
        expect(what + " chunks", c.get("text"), actual.toString(), expected.toString());
        if (c.has("text_chunks")) {
            expect(what + " text_chunks", c.get("text"), plan.stream().map(ChunkPlanner.PlannedChunk::text).toList()
                    .toString(), GoldenText.strings(c.get("text_chunks")).toString());
        }
    }

    private void expect(String what, JsonNode input, String actual, String expected) {
        if (!actual.equals(expected)) {
            mismatches.add(what + " of " + input + ":\n    expected " + expected + "\n    actual   " + actual);
        }
    }
}
