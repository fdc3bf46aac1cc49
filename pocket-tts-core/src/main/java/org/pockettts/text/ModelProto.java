package org.pockettts.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a serialized {@code sentencepiece.ModelProto} that encoding and decoding depend on.
 * Field numbers and defaults are those of {@code sentencepiece_model.proto}; other fields are
 * skipped.
 */
record ModelProto(List<Piece> pieces, TrainerSpec trainerSpec, NormalizerSpec normalizerSpec,
        NormalizerSpec denormalizerSpec) {

    /** {@code TrainerSpec.ModelType.UNIGRAM}, the only model type this tokenizer runs. */
    static final int UNIGRAM = 1;

    /** The type of a vocabulary entry, with its protobuf enum number. */
    enum PieceType {
        NORMAL(1), UNKNOWN(2), CONTROL(3), USER_DEFINED(4), UNUSED(5), BYTE(6);

        final int number;

        PieceType(int number) {
            this.number = number;
        }

        static PieceType of(int number) {
            for (PieceType type : values()) {
                if (type.number == number) {
                    return type;
                }
            }
            return null;
        }
    }

    /** A vocabulary entry: its bytes as stored (normally UTF-8), its text, score and type. */
    record Piece(byte[] bytes, String text, float score, PieceType type) {
    }

    /**
     * Training settings that matter at run time. {@code unkSurface} is null when the file does not
     * set it (the library then shows unknown pieces as " ⁇ ").
     */
    record TrainerSpec(int modelType, boolean byteFallback, boolean treatWhitespaceAsSuffix, int unkId,
            int bosId, int eosId, int padId, String unkSurface) {
    }

    /**
     * How text is normalized before segmentation. An empty {@code precompiledCharsmap} is the
     * identity normalizer.
     */
    record NormalizerSpec(String name, byte[] precompiledCharsmap, boolean addDummyPrefix,
            boolean removeExtraWhitespaces, boolean escapeWhitespaces) {
    }

    static ModelProto parse(String source, byte[] bytes) {
        ProtoReader reader = new ProtoReader(source, bytes);
        List<Piece> pieces = new ArrayList<>();
        // Optional sub-messages that occur more than once are merged, as protobuf does.
        TrainerFields trainer = new TrainerFields();
        NormalizerFields normalizer = new NormalizerFields();
        NormalizerFields denormalizer = null;
        while (reader.hasMore()) {
            reader.readTag();
            boolean message = reader.wireType() == ProtoReader.LENGTH_DELIMITED;
            switch (message ? reader.fieldNumber() : 0) {
                case 1 -> pieces.add(parsePiece(reader.readMessage(), pieces.size()));
                case 2 -> trainer.merge(reader.readMessage());
                case 3 -> normalizer.merge(reader.readMessage());
                case 5 -> {
                    if (denormalizer == null) {
                        denormalizer = new NormalizerFields();
                    }
                    denormalizer.merge(reader.readMessage());
                }
                default -> reader.skipField();
            }
        }
        return new ModelProto(List.copyOf(pieces), trainer.build(), normalizer.build(),
                denormalizer == null ? null : denormalizer.build());
    }

    private static Piece parsePiece(ProtoReader reader, int index) {
        byte[] text = new byte[0];
        float score = 0;
        int type = PieceType.NORMAL.number;
        while (reader.hasMore()) {
            reader.readTag();
            int field = reader.fieldNumber();
            int wireType = reader.wireType();
            if (field == 1 && wireType == ProtoReader.LENGTH_DELIMITED) {
                text = reader.readBytes();
            } else if (field == 2 && wireType == ProtoReader.FIXED32) {
                score = reader.readFloat();
            } else if (field == 3 && wireType == ProtoReader.VARINT) {
                type = reader.readInt32();
            } else {
                reader.skipField();
            }
        }
        PieceType pieceType = PieceType.of(type);
        if (pieceType == null) {
            throw reader.invalid("piece " + index + " (\"" + ProtoReader.utf8(text) + "\") has unknown type " + type);
        }
        return new Piece(text, ProtoReader.utf8(text), score, pieceType);
    }

    /** TrainerSpec fields with the proto defaults, filled as the fields are read. */
    private static final class TrainerFields {
        int modelType = UNIGRAM;
        boolean byteFallback;
        boolean treatWhitespaceAsSuffix;
        int unkId = 0;
        int bosId = 1;
        int eosId = 2;
        int padId = -1;
        String unkSurface;

        void merge(ProtoReader reader) {
            while (reader.hasMore()) {
                reader.readTag();
                int field = reader.fieldNumber();
                int wireType = reader.wireType();
                if (wireType == ProtoReader.VARINT) {
                    switch (field) {
                        case 3 -> modelType = reader.readInt32();
                        case 24 -> treatWhitespaceAsSuffix = reader.readBool();
                        case 35 -> byteFallback = reader.readBool();
                        case 40 -> unkId = reader.readInt32();
                        case 41 -> bosId = reader.readInt32();
                        case 42 -> eosId = reader.readInt32();
                        case 43 -> padId = reader.readInt32();
                        default -> reader.skipField();
                    }
                } else if (field == 44 && wireType == ProtoReader.LENGTH_DELIMITED) {
                    unkSurface = ProtoReader.utf8(reader.readBytes());
                } else {
                    reader.skipField();
                }
            }
        }

        TrainerSpec build() {
            return new TrainerSpec(modelType, byteFallback, treatWhitespaceAsSuffix, unkId, bosId, eosId, padId,
                    unkSurface);
        }
    }

    /** NormalizerSpec fields with the proto defaults, filled as the fields are read. */
    private static final class NormalizerFields {
        String name = "";
        byte[] precompiledCharsmap = new byte[0];
        boolean addDummyPrefix = true;
        boolean removeExtraWhitespaces = true;
        boolean escapeWhitespaces = true;

        void merge(ProtoReader reader) {
            while (reader.hasMore()) {
                reader.readTag();
                int field = reader.fieldNumber();
                int wireType = reader.wireType();
                if (wireType == ProtoReader.LENGTH_DELIMITED && field == 1) {
                    name = ProtoReader.utf8(reader.readBytes());
                } else if (wireType == ProtoReader.LENGTH_DELIMITED && field == 2) {
                    precompiledCharsmap = reader.readBytes();
                } else if (wireType == ProtoReader.VARINT && field == 3) {
                    addDummyPrefix = reader.readBool();
                } else if (wireType == ProtoReader.VARINT && field == 4) {
                    removeExtraWhitespaces = reader.readBool();
                } else if (wireType == ProtoReader.VARINT && field == 5) {
                    escapeWhitespaces = reader.readBool();
                } else {
                    reader.skipField();
                }
            }
        }

        NormalizerSpec build() {
            return new NormalizerSpec(name, precompiledCharsmap, addDummyPrefix, removeExtraWhitespaces,
                    escapeWhitespaces);
        }
    }
}
