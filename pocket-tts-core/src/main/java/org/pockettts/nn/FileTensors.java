package org.pockettts.nn;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Set;
import java.util.function.Function;
import org.pockettts.kernels.RowTable;
import org.pockettts.safetensors.DType;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.safetensors.TensorInfo;

/**
 * The tensors of a safetensors file, read in place. A tensor read to be repacked gets a mapping of
 * its own, closed as soon as it is packed, so that loading a model never holds the whole file in
 * resident memory beside the packed weights; a tensor kept as stored is a view of the file's
 * mapping, whose pages become resident only as they are read (the text embeddings: the rows of the
 * tokens spoken). Float32 and bfloat16 tensors are read in place; other float types are converted
 * on the heap.
 */
final class FileTensors implements TensorStore {

    private final SafeTensors file;

    FileTensors(SafeTensors file) {
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
    public <T> T read(String name, long[] shape, int rows, int cols, Function<RowTable, T> use) {
        TensorInfo info = file.checkShape(name, shape);
        if (!inPlace(info)) {
            return use.apply(RowTable.of(rows, cols, file.floats(name)));
        }
        try (Arena arena = Arena.ofConfined()) {
            return use.apply(table(info, file.map(name, arena), rows, cols));
        }
    }

    @Override
    public RowTable keep(String name, long[] shape, int rows, int cols) {
        TensorInfo info = file.checkShape(name, shape);
        if (!inPlace(info)) {
            return RowTable.of(rows, cols, file.floats(name));
        }
        return table(info, file.segment(name), rows, cols);
    }

    private static boolean inPlace(TensorInfo info) {
        return info.dtype() == DType.BF16 || info.dtype() == DType.F32;
    }

    private static RowTable table(TensorInfo info, MemorySegment bytes, int rows, int cols) {
        return info.dtype() == DType.BF16 ? RowTable.bf16(bytes, rows, cols) : RowTable.f32(bytes, rows, cols);
    }
}
