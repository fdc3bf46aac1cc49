package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;
import org.pockettts.text.ModelProto.PieceType;

/** Builds SentencePiece model files in tests, with any pieces and settings. */
final class TestModel {

    private final List<ProtoWriter> pieces = new ArrayList<>();
    private int modelType = ModelProto.UNIGRAM;
    private boolean byteFallback;
    private boolean treatWhitespaceAsSuffix;
    private String unkSurface;
    private boolean addDummyPrefix = true;
    private boolean removeExtraWhitespaces = true;
    private boolean escapeWhitespaces = true;
    private byte[] charsMap;
    private byte[] denormalizerCharsMap;

    /** A model starting with the usual {@code <unk> <s> </s>}. */
    static TestModel withSpecialPieces() {
        return new TestModel()
                .piece("<unk>", 0, PieceType.UNKNOWN)
                .piece("<s>", 0, PieceType.CONTROL)
                .piece("</s>", 0, PieceType.CONTROL);
    }

    TestModel piece(String text, float score, PieceType type) {
        ProtoWriter piece = new ProtoWriter().string(1, text).fixed32(2, score);
        if (type != PieceType.NORMAL) {
            piece.varint(3, type.number);
        }
        pieces.add(piece);
        return this;
    }

    TestModel normal(String text, float score) {
        return piece(text, score, PieceType.NORMAL);
    }

    /** Adds the 256 byte pieces and turns byte fallback on. */
    TestModel bytePieces() {
        for (int b = 0; b < 256; b++) {
            piece(String.format("<0x%02X>", b), 0, PieceType.BYTE);
        }
        byteFallback = true;
        return this;
    }

    TestModel byteFallback(boolean on) {
        byteFallback = on;
        return this;
    }

    TestModel modelType(int type) {
        modelType = type;
        return this;
    }

    TestModel treatWhitespaceAsSuffix(boolean on) {
        treatWhitespaceAsSuffix = on;
        return this;
    }

    TestModel unkSurface(String surface) {
        unkSurface = surface;
        return this;
    }

    TestModel normalizer(boolean addDummyPrefix, boolean removeExtraWhitespaces, boolean escapeWhitespaces) {
        this.addDummyPrefix = addDummyPrefix;
        this.removeExtraWhitespaces = removeExtraWhitespaces;
        this.escapeWhitespaces = escapeWhitespaces;
        return this;
    }

    TestModel charsMap(byte[] compiled) {
        charsMap = compiled;
        return this;
    }

    TestModel denormalizerCharsMap(byte[] compiled) {
        denormalizerCharsMap = compiled;
        return this;
    }

    byte[] toBytes() {
        ProtoWriter model = new ProtoWriter();
        for (ProtoWriter piece : pieces) {
            model.message(1, piece);
        }
        ProtoWriter trainer = new ProtoWriter().varint(3, modelType).varint(4, pieces.size())
                .bool(35, byteFallback).bool(24, treatWhitespaceAsSuffix)
                .varint(40, 0).varint(41, 1).varint(42, 2).varint(43, -1);
        if (unkSurface != null) {
            trainer.string(44, unkSurface);
        }
        model.message(2, trainer);
        ProtoWriter normalizer = new ProtoWriter().string(1, charsMap == null ? "identity" : "custom");
        if (charsMap != null) {
            normalizer.bytes(2, charsMap);
        }
        normalizer.bool(3, addDummyPrefix).bool(4, removeExtraWhitespaces).bool(5, escapeWhitespaces);
        model.message(3, normalizer);
        if (denormalizerCharsMap != null) {
            model.message(5, new ProtoWriter().string(1, "denormalizer").bytes(2, denormalizerCharsMap)
                    .bool(3, false).bool(4, false).bool(5, false));
        }
        return model.toByteArray();
    }

    SentencePieceTokenizer load() {
        return SentencePieceTokenizer.fromBytes("test model", toBytes());
    }
}
