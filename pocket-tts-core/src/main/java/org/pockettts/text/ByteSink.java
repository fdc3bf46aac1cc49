package org.pockettts.text;

import java.util.Arrays;

/** A growable byte array for building normalized text without boxing. */
final class ByteSink {

    private byte[] buffer;
    private int size;

    ByteSink(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    void append(byte b) {
        if (size == buffer.length) {
            grow(size + 1);
        }
        buffer[size++] = b;
    }

    void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    void append(byte[] bytes, int from, int length) {
        if (size + length > buffer.length) {
            grow(size + length);
        }
        System.arraycopy(bytes, from, buffer, size, length);
        size += length;
    }

    boolean endsWith(byte[] suffix) {
        return size >= suffix.length && Arrays.equals(buffer, size - suffix.length, size, suffix, 0, suffix.length);
    }

    void truncate(int newSize) {
        size = newSize;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void grow(int minimum) {
        buffer = Arrays.copyOf(buffer, Math.max(minimum, buffer.length * 2));
    }
}
