package org.pockettts.cli;

/**
 * What the command line says when Java runs out of memory: what it was doing, how much heap Java
 * may use, and how to give it more — one line, instead of a stack trace.
 */
final class OutOfMemory {

    private OutOfMemory() {
    }

    /** The {@link OutOfMemoryError} that caused {@code e}, or null when none did. */
    static OutOfMemoryError cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * The message for running out of memory while doing {@code activity} under a heap limit of
     * {@code maxHeapBytes}: the limit was the memory available, and more was needed.
     */
    static String message(String activity, long maxHeapBytes) {
        long mb = maxHeapBytes >> 20;
        return "out of memory while " + activity + ": it needed more than the " + mb + " MB of heap Java may use"
                + " (-Xmx). Give Java more memory, e.g. POCKET_TTS_JAVA_OPTS=-Xmx" + suggestedGigabytes(mb)
                + "g for ./pocket-tts, or java -Xmx" + suggestedGigabytes(mb) + "g -jar pocket-tts.jar";
    }

    /** At least twice the present limit, in whole gigabytes, and at least 1 GB. */
    static long suggestedGigabytes(long currentMb) {
        return Math.max(1, (2 * currentMb + 1023) / 1024);
    }
}
