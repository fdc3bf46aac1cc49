package org.pockettts.safetensors;

import java.util.Arrays;

/**
 * One entry of a safetensors header.
 *
 * @param name the tensor's name
 * @param dtype its element type
 * @param shape its dimensions, outermost first
 * @param begin start of its bytes, relative to the start of the data section
 * @param end end (exclusive) of its bytes, relative to the start of the data section
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** The shape as {@code [a, b, c]}. */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    /** Whether the shape equals {@code expected}, where -1 in {@code expected} matches any size. */
    public boolean hasShape(long... expected) {
        if (expected.length != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (expected[i] != -1 && expected[i] != shape[i]) {
                return false;
            }
        }
        return true;
    }
}
