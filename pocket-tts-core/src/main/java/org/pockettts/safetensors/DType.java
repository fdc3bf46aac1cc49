package org.pockettts.safetensors;

/** Element types of the safetensors format, with their size in bytes. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether values of this type can be read as floats. */
    public boolean isFloating() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }
}
