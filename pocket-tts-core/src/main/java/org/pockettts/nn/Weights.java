package org.pockettts.nn;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.pockettts.api.TensorSource;
import org.pockettts.kernels.Matrix;
import org.pockettts.safetensors.SafeTensors;

/**
 * The tensors of a model seen under a name prefix ({@code flow_lm.transformer.layers.0.}),
 * converted to float32 and checked against the shapes the configuration implies. Remembers which
 * tensors were taken so that unused ones can be reported.
 */
public final class Weights {

    private final TensorSource file;
    private final String prefix;
    private final Set<String> used;

    /** The tensors of a safetensors file. */
    public Weights(SafeTensors file) {
        this(new SafeTensorsSource(file));
    }

    /** The tensors of any source. */
    public Weights(TensorSource source) {
        this(source, "", ConcurrentHashMap.newKeySet());
    }

    private Weights(TensorSource file, String prefix, Set<String> used) {
        this.file = file;
        this.prefix = prefix;
        this.used = used;
    }

    /** The tensors under {@code prefix + name + "."}. */
    public Weights scope(String name) {
        return new Weights(file, prefix + name + ".", used);
    }

    /** Whether a tensor {@code name} exists under this scope. */
    public boolean has(String name) {
        return file.contains(prefix + name);
    }

    /** The tensor {@code name} as float32, of exactly {@code shape}. */
    public float[] tensor(String name, long... shape) {
        String full = prefix + name;
        used.add(full);
        return file.floats(full, shape);
    }

    /** A 1-D tensor of {@code n} values. */
    public float[] vector(String name, int n) {
        return tensor(name, n);
    }

    /** A 2-D tensor [rows, cols] as a {@link Matrix}. */
    public Matrix matrix(String name, int rows, int cols) {
        return new Matrix(rows, cols, tensor(name, rows, cols));
    }

    /**
     * A 2-D tensor [rows, cols] stored as compactly as its values allow: bfloat16 when the source
     * holds it as bfloat16 (exact, and half the memory traffic for the matrix-vector products that
     * are limited by it), else float32.
     */
    public Matrix compactMatrix(String name, int rows, int cols) {
        String full = prefix + name;
        short[] bits = file.bf16(full, rows, cols);
        if (bits == null || !Matrix.canPackBf16(cols)) {
            return matrix(name, rows, cols);
        }
        used.add(full);
        return Matrix.ofBf16(rows, cols, bits);
    }

    /** Names in the file that no module took, sorted. */
    public Set<String> unused() {
        Set<String> rest = new TreeSet<>(file.names());
        rest.removeAll(used);
        return Collections.unmodifiableSet(rest);
    }

    /** Where the weights come from, for messages. */
    public String source() {
        return file.source();
    }
}
