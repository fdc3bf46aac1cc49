package org.pockettts.cli;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** The packaged command as users run it: the shaded jar in its own JVM, and the launcher script. */
class PocketTtsProcessIT {

    private static final Path JAR = Path.of(System.getProperty("pockettts.jar"));
    private static final Path ROOT = Path.of(System.getProperty("pockettts.root"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    record Run(int exitCode, byte[] stdout, String stderr) {
        String lastErrorLine() {
            List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("HF_HOME", dir.resolve("hf").toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
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
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
    }

    private Run jar(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA, "--add-modules", "jdk.incubator.vector", "-jar",
                JAR.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private static String[] goldenCase(String output) {
        return new String[] {"generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--voice",
            Fixtures.tiny("voice.wav").toString(), "--text", "Hello world, this is a test of the voice cloning path.",
            "--temperature", "0", "--eos-threshold", "-5.830227375030518", "--output-path", output};
    }

    @Test
    void theJarWritesTheGoldenWavToAFileAndToStandardOutput() throws Exception {
        Path out = dir.resolve("gen1.wav");
        Run toFile = jar(Map.of(), goldenCase(out.toString()));
        assertThat(toFile.exitCode()).as(toFile.stderr()).isZero();
        float[] golden = Fixtures.goldenTensors().floats("gen1.audio");
        Wav.assertMatchesGolden(Wav.samples(Files.readAllBytes(out)), golden);

        Run toStdout = jar(Map.of(), goldenCase("-"));
        assertThat(toStdout.exitCode()).as(toStdout.stderr()).isZero();
        Wav.assertMatchesGolden(Wav.streamedSamples(toStdout.stdout()), golden);
    }

    @Test
    void theJarFailsWithOneLineAndNoFile() throws Exception {
        Path out = dir.resolve("never.wav");
        Run r = jar(Map.of(), "generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--voice", "nobody",
                "--output-path", out.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lastErrorLine()).startsWith("Error: Unknown voice 'nobody'. Available voices: alba");
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void theJarDownloadsOnceThenWorksFromTheCache() throws Exception {
        try (TinyHub hub = new TinyHub()) {
            Path config = hub.config(dir);
            Map<String, String> env = Map.of("HF_ENDPOINT", hub.endpoint(), "HF_TOKEN", TinyHub.TOKEN);
            String[] args = {"generate", "--config", config.toString(), "--voice", "alba", "--text", "Hello.",
                "--output-path", dir.resolve("hub.wav").toString()};
            Run first = jar(env, args);
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(hub.hub.requests()).isNotEmpty();
            hub.hub.clearRequests();
            Run second = jar(env, args);
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(hub.hub.requests()).isEmpty();
        }
    }

    @Test
    void theLauncherScriptRunsTheCommand() throws Exception {
        Run help = run(List.of(ROOT.resolve("pocket-tts").toString(), "generate", "--help"),
                Map.of("JAVA_HOME", System.getProperty("java.home")));
        assertThat(help.exitCode()).as(help.stderr()).isZero();
        String usage = new String(help.stdout(), StandardCharsets.UTF_8);
        for (String option : new String[] {"--text", "--voice", "--output-path", "--variant", "--lsd-decode-steps",
            "--temperature", "--noise-clamp", "--eos-threshold", "--frames-after-eos", "--quiet", "--device",
            "--config", "--seed", "--max-tokens"}) {
            assertThat(usage).contains(option);
        }
    }
}
