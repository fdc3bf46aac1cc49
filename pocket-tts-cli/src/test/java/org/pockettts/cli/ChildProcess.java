package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command in a process of its own, with a home folder of its own, and keeps what it printed. */
final class ChildProcess {

    /** The packaged command line. */
    static final Path JAR = Path.of(System.getProperty("pockettts.jar"));
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private ChildProcess() {
    }

    /** What a run left behind. */
    record Result(int exitCode, byte[] stdout, String stderr) {

        /** Standard error without blank lines and without the JVM's own warning about incubator modules. */
        List<String> errorLines() {
            return stderr.lines().filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules"))
                    .toList();
        }

        String lastErrorLine() {
            List<String> lines = errorLines();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    /** Runs {@code command} with {@code home} as its home and Hugging Face folder, plus {@code env}. */
    static Result run(Path home, List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("HF_HOME", home.resolve("hf").toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    }
}
