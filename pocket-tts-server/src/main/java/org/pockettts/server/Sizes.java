package org.pockettts.server;

/** Sizes as the server's messages and documentation write them. */
final class Sizes {

    private Sizes() {
    }

    /** {@code bytes} in whole megabytes (MiB) when it is a whole number of them, else in bytes. */
    static String megabytes(long bytes) {
        return bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MB" : bytes + " bytes";
    }
}
