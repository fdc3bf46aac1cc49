package org.pockettts.nn;

import java.lang.foreign.Arena;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.pockettts.api.TensorSource;
import org.pockettts.kernels.Matrix;
import org.pockettts.kernels.RowTable;
import org.pockettts.safetensors.SafeTensors;

/**
 * The tensors of a model seen under a name prefix ({@code flow_lm.transformer.layers.0.}), checked
 * against the shapes the configuration implies. Small tensors (biases, norms) are read onto the
 * heap; weight matrices are packed, straight from the source, into the panels the kernels read, off
 * the heap in the model's arena; tensors used as stored stay where the source holds them (in a
 * file's mapping). Remembers which tensors were taken so that unused ones can be reported.
 */
public final class Weights {

    private final TensorStore store;
    private final Arena arena;
    private final String prefix;
    private final Set<String> used;

    /**
     * The tensors of a safetensors file, packed into {@code arena} (closing it frees the packed
     * weights; the file must stay open while tensors kept as stored are used).
     */
    public Weights(SafeTensors file, Arena arena) {
        this(new FileTensors(file), arena, "", ConcurrentHashMap.newKeySet());
    }

    /** The tensors of any source, packed into {@code arena}. */
    public Weights(TensorSource source, Arena arena) {
        this(new SourceTensors(source), arena, "", ConcurrentHashMap.newKeySet());
    }

    /** The tensors of a safetensors file, packed into memory the garbage collector frees: for tests and benchmarks. */
    public Weights(SafeTensors file) {
        this(file, Arena.ofAuto());
    }

    /** The tensors of any source, packed into memory the garbage collector frees: for tests and benchmarks. */
    public Weights(TensorSource source) {
        this(source, Arena.ofAuto());
    }

    private Weights(TensorStore store, Arena arena, String prefix, Set<String> used) {
        this.store = store;
        this.arena = arena;
        this.prefix = prefix;
        this.used = used;
    }

    /** The tensors under {@code prefix + name + "."}. */
    public Weights scope(String name) {
        return new Weights(store, arena, prefix + name + ".", used);
    }

    /** Whether a tensor {@code name} exists under this scope. */
    public boolean has(String name) {
        return store.contains(prefix + name);
    }

    /** The tensor {@code name} as float32 on the heap, of exactly {@code shape}: for small tensors. */
    public float[] tensor(String name, long... shape) {
        return store.floats(take(name), shape);
    }

    /** A 1-D tensor of {@code n} values. */
    public float[] vector(String name, int n) {
        return tensor(name, n);
    }

    /** A 2-D tensor [rows, cols] packed as a {@link Matrix} in {@code format}. */
    public Matrix matrix(String name, int rows, int cols, WeightFormat format) {
        return pack(name, new long[] {rows, cols}, rows, cols, UnaryOperator.identity(), format);
    }

    /**
     * A convolution weight [out, in, kernel] packed as the matrix [out, kernel·in] (see
     * {@link RowTable#kernelMajor}) in {@code format}.
     */
    public Matrix convolution(String name, int out, int in, int kernel, WeightFormat format) {
        return pack(name, new long[] {out, in, kernel}, out, in * kernel, t -> t.kernelMajor(in, kernel), format);
    }

    /**
     * A transposed convolution weight [in, out, kernel] packed as the matrix [kernel·out, in] (see
     * {@link RowTable#transposedKernelMajor}) in {@code format}.
     */
    public Matrix transposedConvolution(String name, int in, int out, int kernel, WeightFormat format) {
        return pack(name, new long[] {in, out, kernel}, in, out * kernel, t -> t.transposedKernelMajor(out, kernel),
                format);
    }

    private Matrix pack(String name, long[] shape, int rows, int cols, UnaryOperator<RowTable> view,
                        WeightFormat format) {
        return store.read(take(name), shape, rows, cols, t -> format.pack(arena, view.apply(t)));
    }

    /**
     * A 2-D tensor [rows, cols] used as stored, read a row at a time (a text embedding table): a view
     * of the source, valid as long as it stays open.
     */
    public RowTable table(String name, int rows, int cols) {
        return store.keep(take(name), new long[] {rows, cols}, rows, cols);
    }

    private String take(String name) {
        String full = prefix + name;
        used.add(full);
        return full;
    }

    /** Names in the source that no module took, sorted. */
    public Set<String> unused() {
        Set<String> rest = new TreeSet<>(store.names());
        rest.removeAll(used);
        return Collections.unmodifiableSet(rest);
    }

    /** Where the weights come from, for messages. */
    public String source() {
        return store.source();
    }
}
