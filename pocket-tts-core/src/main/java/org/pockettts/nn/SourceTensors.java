package org.pockettts.nn;

import java.util.Set;
import java.util.function.Function;
import org.pockettts.api.TensorSource;
import org.pockettts.kernels.RowTable;

/**
 * The tensors of a caller's {@link TensorSource}, which hands out heap arrays: each is read once,
 * as bfloat16 bits when the source has them so, else as float32.
 */
final class SourceTensors implements TensorStore {

    private final TensorSource source;

    SourceTensors(TensorSource source) {
        this.source = source;
    }

    @Override
    public String source() {
        return source.source();
    }

    @Override
    public boolean contains(String name) {
        return source.contains(name);
    }

    @Override
    public Set<String> names() {
        return source.names();
    }

    @Override
    public float[] floats(String name, long... shape) {
        return source.floats(name, shape);
    }

    @Override
    public <T> T read(String name, long[] shape, int rows, int cols, Function<RowTable, T> use) {
        return use.apply(keep(name, shape, rows, cols));
    }

    @Override
    public RowTable keep(String name, long[] shape, int rows, int cols) {
        short[] bits = source.bf16(name, shape);
        return bits != null ? RowTable.ofBf16(rows, cols, bits) : RowTable.of(rows, cols, source.floats(name, shape));
    }
}
