package org.pockettts.nn;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Set;
import org.pockettts.api.TensorSource;
import org.pockettts.safetensors.DType;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.safetensors.TensorInfo;

/** The tensors of a safetensors file. */
final class SafeTensorsSource implements TensorSource {

    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final SafeTensors file;

    SafeTensorsSource(SafeTensors file) {
        this.file = file;
    }

    @Override
    public String source() {
        return file.source();
    }

    @Override
    public boolean contains(String name) {
        return file.contains(name);
    }

    @Override
    public Set<String> names() {
        return file.names();
    }

    @Override
    public float[] floats(String name, long... shape) {
        return file.floats(name, shape);
    }

    @Override
    public short[] bf16(String name, long... shape) {
        TensorInfo info = file.checkShape(name, shape);
        if (info.dtype() != DType.BF16 || info.elementCount() > Integer.MAX_VALUE - 8) {
            return null;
        }
        MemorySegment bytes = file.segment(name);
        short[] out = new short[(int) info.elementCount()];
        MemorySegment.copy(bytes, I16, 0, out, 0, out.length);
        return out;
    }
}
