package org.pockettts.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the command line in-process with a chosen environment, capturing what it prints. */
final class Cli {

    /** What one run left behind. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        /** Standard error without blank lines. */
        String[] errorLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toArray(String[]::new);
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private byte[] stdin = new byte[0];
    private boolean interactive;

    /** An environment with its own Hugging Face cache under {@code home}, and nothing else. */
    Cli(Path home) {
        env.put("HOME", home.toString());
        env.put("HF_HOME", home.resolve("hf").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    }

    Cli env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Cli stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    Cli interactive(boolean value) {
        interactive = value;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(Map.copyOf(env), new ByteArrayInputStream(stdin),
                new PrintStream(out, true), new PrintStream(err, true, StandardCharsets.UTF_8), interactive);
        int code = PocketTts.run(ctx, args);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with {@code in} as standard input and {@code out} as standard output (a pipe held open, say). */
    Result run(java.io.InputStream in, java.io.OutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(Map.copyOf(env), in, new PrintStream(out, false),
                new PrintStream(err, true, StandardCharsets.UTF_8), interactive);
        int code = PocketTts.run(ctx, args);
        return new Result(code, new byte[0], err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with {@code out} as standard output (e.g. to see how the bytes arrive). */
    int run(java.io.OutputStream out, String... args) {
        CliContext ctx = new CliContext(Map.copyOf(env), new ByteArrayInputStream(stdin), new PrintStream(out, false),
                new PrintStream(new ByteArrayOutputStream(), true), interactive);
        return PocketTts.run(ctx, args);
    }
}
