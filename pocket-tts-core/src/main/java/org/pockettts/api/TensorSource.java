package org.pockettts.api;

import java.util.Set;

/**
 * Where a model's tensors come from: the configuration's safetensors file, or anything else that
 * gives tensors of the right names and shapes, such as the seeded random weights of a benchmark of
 * the real sizes (see {@code TtsModel.Builder#weights}). Names are the reference's module paths
 * ({@code flow_lm.transformer.layers.0.self_attn.in_proj.weight}); the shapes are those the model
 * configuration implies, and the loader says which it needs.
 *
 * <p>Implementations are used by one thread at a time, while a model loads.
 */
public interface TensorSource {

    /** Where the tensors come from, for messages. */
    String source();

    /** Whether a tensor {@code name} exists. */
    boolean contains(String name);

    /** The names this source knows, for reporting unused tensors. */
    Set<String> names();

    /**
     * The values of {@code name} as float32, after checking that its shape is {@code shape}; a
     * missing tensor or a wrong shape is a {@link ModelFormatException}.
     */
    float[] floats(String name, long... shape);

    /**
     * The raw bfloat16 bits of {@code name} when it is stored as bfloat16, else null. Widening
     * bfloat16 to float32 is exact, so a kernel that reads these bits computes the same numbers
     * as one that reads {@link #floats}, from half the memory.
     */
    default short[] bf16(String name, long... shape) {
        return null;
    }
}
