package org.pockettts.nn;

import java.util.Set;
import java.util.function.Function;
import org.pockettts.kernels.RowTable;

/**
 * Where {@link Weights} reads a model's tensors: a safetensors file read in place
 * ({@link FileTensors}), or any {@link org.pockettts.api.TensorSource} ({@link SourceTensors}).
 * Every read checks the tensor's shape; a missing tensor or a wrong shape is a
 * {@link org.pockettts.api.ModelFormatException}.
 */
interface TensorStore {

    /** Where the tensors come from, for messages. */
    String source();

    boolean contains(String name);

    /** The names known, for reporting unused tensors. */
    Set<String> names();

    /** The values of a (small) tensor as float32 on the heap. */
    float[] floats(String name, long... shape);

    /**
     * Gives {@code use} the tensor {@code name} of {@code shape} as a {@code rows × cols} table that
     * is valid during the call only: for tensors that are read once, to be repacked.
     */
    <T> T read(String name, long[] shape, int rows, int cols, Function<RowTable, T> use);

    /**
     * The tensor {@code name} of {@code shape} as a {@code rows × cols} table valid as long as the
     * store: for tensors used as stored.
     */
    RowTable keep(String name, long[] shape, int rows, int cols);
}
