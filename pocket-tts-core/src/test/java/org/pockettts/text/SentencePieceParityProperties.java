package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.sentencepiece.SpProcessor;
import ai.djl.sentencepiece.SpTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.opentest4j.TestAbortedException;
import org.pockettts.testing.Fixtures;

/**
 * Compares this tokenizer with the C++ SentencePiece library (0.2.0, through DJL's JNI binding) on
 * random text: the tiny fixture model, the 4000-piece reconstructed Pocket TTS model when the
 * shared fixtures are present, and synthetic models made to stress what real models rarely show
 * (score ties, user-defined, unused and control pieces, no byte fallback, every normalizer switch,
 * rule-based normalization).
 *
 * <p>DJL returns text through JNI's modified UTF-8, which cannot carry NUL or characters outside the
 * Basic Multilingual Plane; decoded texts are compared only when they hold neither. Ids are always
 * compared.
 */
@AddLifecycleHook(SentencePieceParityProperties.NeedsNativeLibrary.class)
class SentencePieceParityProperties {

    private static final String RECONSTRUCTED = "derived/tokenizer.reconstructed-from-tokenizer-json.model";

    /** One model, loaded by this tokenizer and by the library. */
    record Twin(String name, SentencePieceTokenizer ours, SpProcessor library) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, Twin> TWINS = new ConcurrentHashMap<>();

    // ---- the tiny fixture model ----

    @Property(tries = 2000)
    void tinyModelEncodesMixedTextAsTheLibrary(@ForAll("mixedText") String text) {
        assertSameIds(tiny(), text);
    }

    @Property(tries = 1000)
    void tinyModelDecodesItsEncodingsAsTheLibrary(@ForAll("mixedTextWithoutNulOrAstral") String text) {
        assertSameDecoding(tiny(), tiny().ours().encode(text));
    }

    @Property(tries = 1000)
    void tinyModelDecodesArbitraryIdSequencesAsTheLibrary(@ForAll("idSeeds") List<Integer> seeds) {
        Twin tiny = tiny();
        assertSameDecoding(tiny, ids(seeds, tiny.ours().vocabSize()));
    }

    // ---- the reconstructed 4000-piece Pocket TTS model ----

    @Property(tries = 2000)
    @AddLifecycleHook(NeedsReconstructedModel.class)
    void reconstructedModelEncodesMixedTextAsTheLibrary(@ForAll("mixedText") String text) {
        assertSameIds(reconstructed(), text);
    }

    @Property(tries = 1000)
    @AddLifecycleHook(NeedsReconstructedModel.class)
    void reconstructedModelDecodesItsEncodingsAsTheLibrary(@ForAll("mixedTextWithoutNulOrAstral") String text) {
        assertSameDecoding(reconstructed(), reconstructed().ours().encode(text));
    }

    // ---- synthetic models ----

    @Property(tries = 4000)
    void syntheticModelsEncodeAsTheLibrary(@ForAll("syntheticModels") Twin model,
            @ForAll("syntheticText") String text) {
        assertSameIds(model, text);
    }

    @Property(tries = 2000)
    void syntheticModelsDecodeTheirEncodingsAsTheLibrary(@ForAll("syntheticModels") Twin model,
            @ForAll("syntheticText") String text) {
        Assume.that(transportable(text));
        assertSameDecoding(model, model.ours().encode(text));
    }

    @Property(tries = 2000)
    void syntheticModelsDecodeArbitraryIdSequencesAsTheLibrary(@ForAll("syntheticModels") Twin model,
            @ForAll("idSeeds") List<Integer> seeds) {
        assertSameDecoding(model, ids(seeds, model.ours().vocabSize()));
    }

    // ---- comparisons ----

    private static void assertSameIds(Twin model, String text) {
        assertThat(model.ours().encode(text)).as("ids of %s with %s", escape(text), model)
                .containsExactly(model.library().encode(text));
    }

    private static void assertSameDecoding(Twin model, int[] ids) {
        String ours = model.ours().decode(ids);
        Assume.that(transportable(ours));
        assertThat(ours).as("text of %s with %s", Arrays.toString(ids), model)
                .isEqualTo(model.library().decode(ids));
    }

    private static boolean transportable(String text) {
        return text.indexOf('\0') < 0 && text.codePoints().allMatch(Character::isBmpCodePoint);
    }

    private static int[] ids(List<Integer> seeds, int vocabSize) {
        return seeds.stream().mapToInt(seed -> Math.floorMod(seed, vocabSize)).toArray();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp > 0x7E) {
                out.append(String.format("\\u{%X}", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append('"').toString();
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> mixedText() {
        return mixed(true);
    }

    @Provide
    Arbitrary<String> mixedTextWithoutNulOrAstral() {
        return mixed(false);
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<String> mixed(boolean nulAndAstral) {
        Arbitrary<String> anyCodePoint = Arbitraries.integers().between(0x80, nulAndAstral ? 0x10FFFF : 0xFFFF)
                .filter(cp -> cp < 0xD800 || cp > 0xDFFF).map(Character::toString);
        Arbitrary<String> fragment = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                        .ofMinLength(1).ofMaxLength(9)),
                Tuple.of(4, Arbitraries.of(" ", " ", "  ", "   ", "     ", "\t", "\n", "\r\n")),
                Tuple.of(3, Arbitraries.of(".", ",", "!", "?", "...", "'", "\"", "-", "\u2014", "\u2026", ";", ":",
                        "(", ")", "$", "%", "\u201C", "\u201D")),
                Tuple.of(2, Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(5)),
                Tuple.of(2, Arbitraries.strings().withChars("\u00E9\u00E8\u00E0\u00FC\u00F6\u00DF\u00F1\u00E7\u00C5\u00D8"
                        + "\u00E6\u0153\u0301\u00BD\u00B2").ofMinLength(1).ofMaxLength(3)),
                Tuple.of(1, Arbitraries.strings().withChars("\u65E5\u672C\u8A9E\u4E2D\u6587\u5B57\u306E\u30C6\u30AD\u30B9\u30C8")
                        .ofMinLength(1).ofMaxLength(4)),
                Tuple.of(1, nulAndAstral
                        ? Arbitraries.of("\uD83D\uDE42", "\uD83C\uDF89", "\uD83D\uDC4D\uD83C\uDFFD", "\uD83D\uDE00")
                        : Arbitraries.of("\u2603", "\u263A")),
                Tuple.of(1, nulAndAstral
                        ? Arbitraries.of("\u0000", "\u0001", "\u0007", "\u007F", "\u0085", "\u00A0", "\u200B", "\u3000",
                                "\uFEFF", "\uFFFD")
                        : Arbitraries.of("\u0001", "\u0007", "\u007F", "\u0085", "\u00A0", "\u200B", "\u3000", "\uFEFF",
                                "\uFFFD")),
                Tuple.of(1, Arbitraries.of("\u2581", "\u2581\u2581", "<unk>", "<s>", "</s>", "<0x41>", "\uFF21\uFF42")),
                Tuple.of(2, anyCodePoint));
        return fragment.list().ofMaxSize(30).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<Integer>> idSeeds() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(25);
    }

    @Provide
    Arbitrary<String> syntheticText() {
        return Arbitraries.of("a", "b", "c", "ab", "abc", "cc", "ba", "ca", "d", "x", "\u00E9", "e\u0301", "\u65E5", "z",
                "Q", "\uD83D\uDE42", " ", " ", "  ", "   ", "\t", "\n", "<sep>", "@@", "-", ".", "\u0000", "\u3000",
                "\uFB01", "\uFF21", "\uFF42", "\u2581", "<ctl>").list().ofMaxSize(14)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<Twin> syntheticModels() {
        return Arbitraries.of(SyntheticModels.NAMES).map(SentencePieceParityProperties::synthetic);
    }

    // ---- models ----

    private static Twin tiny() {
        return TWINS.computeIfAbsent("tiny", name -> twin(name, readAll(Fixtures.tiny("tokenizer.model"))));
    }

    private static Twin reconstructed() {
        return TWINS.computeIfAbsent("reconstructed", name -> twin(name, readAll(Fixtures.shared(RECONSTRUCTED))));
    }

    private static Twin synthetic(String name) {
        return TWINS.computeIfAbsent(name, n -> twin(n, SyntheticModels.build(n)));
    }

    private static Twin twin(String name, byte[] model) {
        return new Twin(name, SentencePieceTokenizer.fromBytes(name, model), new SpTokenizer(model).getProcessor());
    }

    private static byte[] readAll(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skips the comparisons, with the reason, where DJL's native library does not load. */
    static final class NeedsNativeLibrary implements SkipExecutionHook {
        private static final String PROBLEM = probe();

        private static String probe() {
            try {
                new SpTokenizer(readAll(Fixtures.tiny("tokenizer.model"))).close();
                return null;
            } catch (Throwable e) {
                return e.toString();
            }
        }

        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            return PROBLEM == null ? SkipResult.doNotSkip()
                    : SkipResult.skip("skipped: DJL's native SentencePiece library does not load here: " + PROBLEM);
        }
    }

    /** Skips, with the reason, where the shared fixtures are not on this machine. */
    static final class NeedsReconstructedModel implements SkipExecutionHook {
        @Override
        public SkipResult shouldBeSkipped(LifecycleContext context) {
            try {
                Fixtures.shared(RECONSTRUCTED);
                return SkipResult.doNotSkip();
            } catch (TestAbortedException e) {
                return SkipResult.skip(e.getMessage());
            }
        }
    }
}
