package org.pockettts.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of this process, from {@code /proc/self/status} (Linux; -1 elsewhere), and its
 * processor time.
 */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** Peak resident set size (VmHWM) in MiB. */
    static double peakResidentMb() {
        return field("VmHWM:");
    }

    /**
     * Processor time used by all threads of this process so far, in nanoseconds (to the kernel's
     * clock tick, 10 ms on Linux); -1 where the platform does not tell.
     */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
