package org.pockettts.nn;

import java.lang.foreign.Arena;
import org.pockettts.kernels.Matrix;
import org.pockettts.kernels.RowTable;

/** How a weight matrix is kept for the kernels. */
public enum WeightFormat {

    /** Float32, whatever the source holds. */
    FLOAT32 {
        @Override
        Matrix pack(Arena arena, RowTable source) {
            return Matrix.pack(arena, source, Matrix.Storage.F32);
        }
    },

    /**
     * Bfloat16 when the values are bfloat16 (as in the model files: exact, and half the memory
     * traffic of float32 for the matrix-vector products that are limited by it), else float32. The
     * numbers computed are the same either way.
     */
    AS_STORED {
        @Override
        Matrix pack(Arena arena, RowTable source) {
            return Matrix.pack(arena, source, Matrix.bf16Exact(source) ? Matrix.Storage.BF16 : Matrix.Storage.F32);
        }
    },

    /**
     * Int8 with one scale per output channel, quantized at load ({@code --quantize}): a quarter of
     * float32's memory and traffic, at the cost of approximate products.
     */
    INT8 {
        @Override
        Matrix pack(Arena arena, RowTable source) {
            return Matrix.pack(arena, source, Matrix.Storage.INT8);
        }
    };

    /** {@code source} packed into {@code arena}. */
    abstract Matrix pack(Arena arena, RowTable source);
}
