package org.pockettts.text;

import org.pockettts.api.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pockettts.api.ModelFormatException;

/**
 * Reads the protobuf wire format, just enough for a SentencePiece model: varints, fixed-width
 * numbers and length-delimited fields, with unknown fields skipped as protobuf does. Every
 * problem is reported as a {@link ModelFormatException} naming the source and the byte offset.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int START_GROUP = 3;
    static final int END_GROUP = 4;
    static final int FIXED32 = 5;

    /** protobuf refuses to nest deeper than this; a deeper file is corrupt, not a model. */
    private static final int MAX_GROUP_DEPTH = 100;

    private final String source;
    private final byte[] buffer;
    private final int end;
    private int position;
    private int lastTag;

    ProtoReader(String source, byte[] buffer) {
        this(source, buffer, 0, buffer.length);
    }

    private ProtoReader(String source, byte[] buffer, int start, int end) {
        this.source = source;
        this.buffer = buffer;
        this.position = start;
        this.end = end;
    }

    boolean hasMore() {
        return position < end;
    }

    /** Reads the next field key; {@link #fieldNumber()} and {@link #wireType()} describe it. */
    void readTag() {
        int at = position;
        long tag = readVarint();
        if (tag > 0xFFFF_FFFFL || (tag >>> 3) == 0) {
            throw malformed(at, "invalid field key " + tag);
        }
        int wireType = (int) (tag & 7);
        if (wireType > FIXED32) {
            throw malformed(at, "invalid wire type " + wireType + " for field " + (tag >>> 3));
        }
        lastTag = (int) tag;
    }

    int fieldNumber() {
        return lastTag >>> 3;
    }

    int wireType() {
        return lastTag & 7;
    }

    long readVarint() {
        int at = position;
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw malformed(at, "varint runs past the end of the data (truncated file?)");
            }
            byte b = buffer[position++];
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw malformed(at, "varint longer than 10 bytes");
    }

    /** An {@code int32}, {@code bool} or enum field: protobuf keeps the low 32 bits. */
    int readInt32() {
        return (int) readVarint();
    }

    boolean readBool() {
        return readVarint() != 0;
    }

    float readFloat() {
        require(4, "fixed32 value");
        int bits = (buffer[position] & 0xFF)
                | (buffer[position + 1] & 0xFF) << 8
                | (buffer[position + 2] & 0xFF) << 16
                | (buffer[position + 3] & 0xFF) << 24;
        position += 4;
        return Float.intBitsToFloat(bits);
    }

    byte[] readBytes() {
        int length = readLength();
        byte[] bytes = Arrays.copyOfRange(buffer, position, position + length);
        position += length;
        return bytes;
    }

    /**
     * The text of a {@code string} field read with {@link #readBytes()}. proto2 does not require
     * valid UTF-8; malformed bytes become U+FFFD here, while the bytes themselves stay available.
     */
    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A reader over the embedded message that comes next. */
    ProtoReader readMessage() {
        int length = readLength();
        ProtoReader message = new ProtoReader(source, buffer, position, position + length);
        position += length;
        return message;
    }

    /** Skips the value of the field whose key was read last. */
    void skipField() {
        skipValue(lastTag, 0);
    }

    private void skipValue(int tag, int depth) {
        switch (tag & 7) {
            case VARINT -> readVarint();
            case FIXED64 -> skip(8, "fixed64 value");
            case LENGTH_DELIMITED -> {
                int length = readLength();
                position += length;
            }
            case FIXED32 -> skip(4, "fixed32 value");
            case START_GROUP -> skipGroup(tag >>> 3, depth + 1);
            default -> throw malformed(position, "unexpected end-group marker for field " + (tag >>> 3));
        }
    }

    private void skipGroup(int fieldNumber, int depth) {
        if (depth > MAX_GROUP_DEPTH) {
            throw malformed(position, "groups nested more than " + MAX_GROUP_DEPTH + " deep");
        }
        while (true) {
            if (!hasMore()) {
                throw malformed(position, "group of field " + fieldNumber + " is not closed (truncated file?)");
            }
            readTag();
            if (wireType() == END_GROUP) {
                if (fieldNumber() != fieldNumber) {
                    throw malformed(position, "group of field " + fieldNumber + " closed by field " + fieldNumber());
                }
                return;
            }
            skipValue(lastTag, depth);
        }
    }

    private int readLength() {
        int at = position;
        long length = readVarint();
        if (length < 0 || length > end - position) {
            throw malformed(at, "length-delimited field of " + length + " bytes runs past the end of its "
                    + (end - position) + " remaining bytes (truncated file?)");
        }
        return (int) length;
    }

    private void skip(int count, String what) {
        require(count, what);
        position += count;
    }

    private void require(int count, String what) {
        if (end - position < count) {
            throw malformed(position, what + " runs past the end of the data (truncated file?)");
        }
    }

    ModelFormatException malformed(int at, String problem) {
        return invalidModel(source, problem + " at byte " + at);
    }

    ModelFormatException invalid(String problem) {
        return invalidModel(source, problem);
    }

    static ModelFormatException invalidModel(String source, String problem) {
        return new ModelFormatException("Tokenizer model " + source + " is not a valid SentencePiece model: " + problem);
    }
}
