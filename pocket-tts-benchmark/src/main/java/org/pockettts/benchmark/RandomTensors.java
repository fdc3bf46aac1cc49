package org.pockettts.benchmark;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.pockettts.api.ModelFormatException;
import org.pockettts.api.TensorSource;

/**
 * Seeded random weights of any shape, made in memory: for benchmarks of the real model sizes
 * without the real (gated) weights. Each tensor depends only on the seed and its name, so a model
 * is the same whatever order its modules load in.
 *
 * <p>Scales keep activations of order one, so timings are not distorted by overflow or subnormal
 * numbers: normalisation weights and scales are 1 ({@code alpha}, {@code emb_std}, LayerNorm
 * weights), layer scales 0.01, biases and {@code emb_mean} 0, linear weights normal·0.02,
 * convolutions normal/√fan-in, embeddings normal. Values are rounded to bfloat16, as in the real
 * weights file.
 */
public final class RandomTensors implements TensorSource {

    /** Optional buffers that modules compute themselves when the file has none. */
    private static final Set<String> OPTIONAL = Set.of("freqs");

    private final long seed;
    private final Set<String> requested = Collections.synchronizedSet(new TreeSet<>());

    public RandomTensors(long seed) {
        this.seed = seed;
    }

    @Override
    public String source() {
        return "random weights (seed " + seed + ")";
    }

    @Override
    public boolean contains(String name) {
        return !OPTIONAL.contains(name.substring(name.lastIndexOf('.') + 1));
    }

    @Override
    public Set<String> names() {
        return Set.copyOf(requested);
    }

    @Override
    public float[] floats(String name, long... shape) {
        short[] bits = bf16(name, shape);
        float[] out = new float[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat(bits[i] << 16);
        }
        return out;
    }

    @Override
    public short[] bf16(String name, long... shape) {
        if (!contains(name)) {
            throw new ModelFormatException("Tensor '" + name + "' is missing from " + source());
        }
        requested.add(name);
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("random tensor " + name + " needs a definite shape");
            }
            count *= d;
        }
        short[] out = new short[Math.toIntExact(count)];
        String leaf = name.substring(name.lastIndexOf('.') + 1);
        float constant = constant(name, leaf);
        if (!Float.isNaN(constant)) {
            Arrays.fill(out, (short) (Float.floatToIntBits(constant) >>> 16));
            return out;
        }
        float scale = scale(name, shape);
        long state = seed * 0x9E3779B97F4A7C15L ^ name.hashCode() * 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < out.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            out[i] = toBf16(scale * normal(state));
        }
        return out;
    }

    /** The value of tensors that are constant at initialisation, NaN for random ones. */
    private static float constant(String name, String leaf) {
        if (leaf.equals("bias") || name.endsWith("emb_mean")) {
            return 0f;
        }
        if (leaf.equals("alpha") || name.endsWith("emb_std")) {
            return 1f;
        }
        if (leaf.equals("scale")) {
            return 0.01f;
        }
        if (leaf.equals("weight") && (name.contains("norm") || name.contains("in_ln"))) {
            return 1f;
        }
        return Float.NaN;
    }

    private static float scale(String name, long[] shape) {
        if (name.endsWith("conditioner.embed.weight") || name.endsWith("bos_emb")) {
            return 1f;
        }
        if (shape.length == 3) {
            long fanIn = shape[1] * shape[2];
            return (float) (1.0 / Math.sqrt(Math.max(1, fanIn)));
        }
        return 0.02f;
    }

    /** An approximately normal value from one 64-bit hash: the sum of four uniforms, rescaled. */
    private static float normal(long state) {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        int sum = (int) (z & 0xFFFF) + (int) ((z >>> 16) & 0xFFFF) + (int) ((z >>> 32) & 0xFFFF) + (int) (z >>> 48);
        // four uniforms on [0, 65536): mean 131070, variance 4·65536²/12
        return (float) ((sum - 131070.0) / 37837.23);
    }

    /** Rounds to the nearest bfloat16 (ties to even). */
    static short toBf16(float v) {
        int bits = Float.floatToIntBits(v);
        bits += 0x7FFF + ((bits >>> 16) & 1);
        return (short) (bits >>> 16);
    }
}
