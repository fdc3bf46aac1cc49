package org.pockettts.nn;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.pockettts.kernels.Matrix;
import org.pockettts.safetensors.SafeTensors;

/**
 * The tensors of a model file seen under a name prefix ({@code flow_lm.transformer.layers.0.}),
 * converted to float32 and checked against the shapes the configuration implies. Remembers which
 * tensors were taken so that unused ones can be reported.
 */
public final class Weights {

    private final SafeTensors file;
    private final String prefix;
    private final Set<String> used;

    public Weights(SafeTensors file) {
        this(file, "", ConcurrentHashMap.newKeySet());
    }

    private Weights(SafeTensors file, String prefix, Set<String> used) {
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
