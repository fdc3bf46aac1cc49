package org.pockettts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.ModelFormatException;
import org.pockettts.testing.Fixtures;
import org.pockettts.text.ModelProto.PieceType;

class ModelLoadingTest {

    @TempDir
    Path dir;

    private static byte[] tinyModel() throws IOException {
        return Files.readAllBytes(Fixtures.tiny("tokenizer.model"));
    }

    @Test
    void readsTheSettingsOfTheTinyModel() throws IOException {
        ModelProto model = ModelProto.parse("tiny", tinyModel());
        assertThat(model.pieces()).hasSize(1000);
        assertThat(model.trainerSpec().modelType()).isEqualTo(ModelProto.UNIGRAM);
        assertThat(model.trainerSpec().byteFallback()).isTrue();
        assertThat(model.trainerSpec().treatWhitespaceAsSuffix()).isFalse();
        assertThat(model.normalizerSpec().name()).isEqualTo("identity");
        assertThat(model.normalizerSpec().precompiledCharsmap()).isEmpty();
        assertThat(model.normalizerSpec().addDummyPrefix()).isTrue();
        assertThat(model.normalizerSpec().removeExtraWhitespaces()).isFalse();
        assertThat(model.normalizerSpec().escapeWhitespaces()).isTrue();
        assertThat(model.pieces().get(0).type()).isEqualTo(PieceType.UNKNOWN);
        assertThat(model.pieces().get(3).type()).isEqualTo(PieceType.BYTE);
        assertThat(model.pieces().get(259).text()).isEqualTo("\u2581");
    }

    @Test
    void loadsFromAFileAndFromBytesAlike() throws IOException {
        SentencePieceTokenizer fromFile = SentencePieceTokenizer.load(Fixtures.tiny("tokenizer.model"));
        SentencePieceTokenizer fromBytes = SentencePieceTokenizer.fromBytes("bytes", tinyModel());
        assertThat(fromBytes.encode("Hello world.")).containsExactly(fromFile.encode("Hello world."));
        assertThat(fromFile.toString()).contains("tokenizer.model", "1000 pieces");
    }

    @Test
    void rejectsAFileThatIsNotAProtobufNamingTheFile() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a SentencePiece model\n");
        assertThatThrownBy(() -> SentencePieceTokenizer.load(text)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining(text.toString()).hasMessageContaining("not a valid SentencePiece model");
    }

    @Test
    void rejectsATruncatedModelSayingItIsTruncated() throws IOException {
        byte[] model = tinyModel();
        byte[] truncated = Arrays.copyOf(model, model.length / 2);
        assertThatThrownBy(() -> SentencePieceTokenizer.fromBytes("cut.model", truncated))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("cut.model")
                .hasMessageContaining("truncated");
    }

    @Test
    void rejectsAnEmptyFile() {
        assertThatThrownBy(() -> SentencePieceTokenizer.fromBytes("empty.model", new byte[0]))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("empty.model")
                .hasMessageContaining("no pieces");
    }

    @Test
    void rejectsAMissingFile() {
        Path missing = dir.resolve("missing.model");
        assertThatThrownBy(() -> SentencePieceTokenizer.load(missing)).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not found").hasMessageContaining(missing.toString());
    }

    @Test
    void rejectsModelsThatAreNotUnigram() {
        byte[] bpe = TestModel.withSpecialPieces().normal("a", -1).modelType(2).toBytes();
        assertThatThrownBy(() -> SentencePieceTokenizer.fromBytes("bpe.model", bpe))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("bpe.model")
                .hasMessageContaining("BPE").hasMessageContaining("only UNIGRAM");
    }

    @Test
    void rejectsVocabulariesTheLibraryRejects() {
        assertInvalid(new TestModel().normal("a", -1), "no piece of type UNKNOWN");
        assertInvalid(TestModel.withSpecialPieces().normal("a", -1).normal("a", -2), "defined twice");
        assertInvalid(TestModel.withSpecialPieces().normal("", -1), "is empty");
        assertInvalid(TestModel.withSpecialPieces().piece("<unk2>", 0, PieceType.UNKNOWN), "two unknown pieces");
        assertInvalid(TestModel.withSpecialPieces().normal("a", -1).piece("<0x41>", 0, PieceType.BYTE),
                "byte_fallback is off");
        assertInvalid(TestModel.withSpecialPieces().normal("a", -1).byteFallback(true)
                .piece("<0x41>", 0, PieceType.BYTE), "not all 256 byte pieces");
        assertInvalid(TestModel.withSpecialPieces().normal("a", -1).byteFallback(true)
                .piece("<0x4g>", 0, PieceType.BYTE), "not named <0xNN>");
        assertInvalid(TestModel.withSpecialPieces(), "no normal, user-defined or unused pieces");
    }

    @Test
    void rejectsAPieceOfUnknownType() {
        byte[] model = new ProtoWriter()
                .message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2))
                .message(1, new ProtoWriter().string(1, "a").varint(3, 9))
                .toByteArray();
        assertThatThrownBy(() -> SentencePieceTokenizer.fromBytes("odd.model", model))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("unknown type 9");
    }

    @Test
    void rejectsBrokenNormalizationRules() {
        byte[] tooShort = {1, 0, 0};
        byte[] sizeTooLarge = {100, 0, 0, 0, 1, 2, 3, 4};
        for (byte[] rules : new byte[][] {tooShort, sizeTooLarge}) {
            byte[] model = TestModel.withSpecialPieces().normal("a", -1).charsMap(rules).toBytes();
            assertThatThrownBy(() -> SentencePieceTokenizer.fromBytes("rules.model", model))
                    .isInstanceOf(ModelFormatException.class).hasMessageContaining("precompiled_charsmap");
        }
    }

    @Test
    void skipsUnknownFieldsOfEveryWireType() {
        byte[] model = new ProtoWriter()
                .varint(90, 7)
                .raw(11 << 3 | 1, 1, 2, 3, 4, 5, 6, 7, 8)
                .raw(12 << 3 | 5, 1, 2, 3, 4)
                .raw(13 << 3 | 3, 1 << 3, 5, 13 << 3 | 4)
                .message(94, new ProtoWriter().string(1, "ignored"))
                .message(1, new ProtoWriter().string(1, "<unk>").varint(3, 2).varint(77, 1))
                .message(1, new ProtoWriter().string(1, "\u2581a").fixed32(2, -1f))
                .toByteArray();
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.fromBytes("extras.model", model);
        assertThat(tokenizer.encode("a")).containsExactly(1);
    }

    @Test
    void normalizesInputWithPrecompiledRulesLongestMatchFirst() {
        byte[] rules = CharsMapCompiler.compile(Map.of("\uFF41", "a", "ab", "X", "abc", "Y"));
        SentencePieceTokenizer tokenizer = TestModel.withSpecialPieces().normal("\u2581", -1).normal("a", -1)
                .normal("b", -1).normal("c", -1).normal("X", -1).normal("Y", -1).charsMap(rules).load();
        // Rules rewrite the input, not their own output: the "a" made from U+FF41 does not join the "b".
        assertThat(tokenizer.decode(tokenizer.encode("\uFF41b abc ab"))).isEqualTo("ab Y X");
    }

    @Test
    void modelBuiltInTestsRoundTripsThroughTheParser() {
        byte[] bytes = TestModel.withSpecialPieces().normal("x", -2.5f).unkSurface("?").toBytes();
        ModelProto model = ModelProto.parse("built", bytes);
        assertThat(model.pieces()).extracting(ModelProto.Piece::text).containsExactly("<unk>", "<s>", "</s>", "x");
        assertThat(model.pieces().get(3).score()).isEqualTo(-2.5f);
        assertThat(model.trainerSpec().unkSurface()).isEqualTo("?");
        assertThat(model.trainerSpec().padId()).isEqualTo(-1);
    }

    private static void assertInvalid(TestModel model, String problem) {
        byte[] bytes = model.toBytes();
        assertThatThrownBy(() -> SentencePieceTokenizer.fromBytes("bad.model", bytes))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("bad.model")
                .hasMessageContaining(problem);
    }
}
