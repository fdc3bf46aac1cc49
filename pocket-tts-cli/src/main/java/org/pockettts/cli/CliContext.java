package org.pockettts.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command sees of its process: the environment, the standard streams, and whether a person
 * is watching standard error (then progress is drawn). Passed in rather than read from
 * {@link System}, so commands run the same in-process (tests) as in a real process.
 *
 * @param interactive whether standard error is a terminal
 */
public record CliContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err,
                         boolean interactive) {

    /** The real process. */
    public static CliContext system() {
        java.io.Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        return new CliContext(System.getenv(), System.in, System.out, System.err, terminal);
    }

    /** Whether the environment variable {@code name} is set to 1 (or true/yes/on). */
    public boolean flag(String name) {
        String v = env.get(name);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")
                || v.equalsIgnoreCase("on"));
    }

    /**
     * Runs {@code stop} when the process is asked to end (SIGTERM, Ctrl-C), saying so on standard
     * error unless {@code quiet}. Logging may already be shut down when the hook runs, so it prints
     * for itself.
     */
    public void stopOnExit(boolean quiet, Runnable stop) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pocket-tts-shutdown").unstarted(() -> {
            if (!quiet) {
                err.println("Shutting down...");
            }
            stop.run();
            if (!quiet) {
                err.println("Stopped.");
            }
        }));
    }
}
