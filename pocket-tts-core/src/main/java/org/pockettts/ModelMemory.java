package org.pockettts;

import java.lang.foreign.Arena;
import org.pockettts.safetensors.SafeTensors;

/**
 * The memory a model's weights hold outside the Java heap: the arena of its packed matrices and the
 * weights file it reads tensors from in place (none for weights given by the caller). Closing frees
 * both at once; a matrix used afterwards throws {@link IllegalStateException}.
 *
 * @param arena the packed weight matrices
 * @param file the mapped weights file, or null
 */
record ModelMemory(Arena arena, SafeTensors file) implements AutoCloseable {

    @Override
    public void close() {
        try {
            arena.close();
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }
}
