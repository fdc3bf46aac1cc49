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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** The packaged command as users run it: the shaded jar in its own JVM, and the launcher script. */
class PocketTtsProcessIT {

    private static final Path ROOT = Path.of(System.getProperty("pockettts.root"));

    @TempDir
    Path dir;

    private ChildProcess.Result run(List<String> command, Map<String, String> env) throws IOException,
            InterruptedException {
        return ChildProcess.run(dir, command, env);
    }

    private ChildProcess.Result jar(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildProcess.JAVA, "--add-modules", "jdk.incubator.vector",
                "-jar", ChildProcess.JAR.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private static String[] goldenCase(String output) {
        return new String[] {"generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice",
            Fixtures.tiny("voice.wav").toString(), "--text", "Hello world, this is a test of the voice cloning path.",
            "--temperature", "0", "--eos-threshold", "-5.830227375030518", "--output-path", output};
    }

    @Test
    void theJarWritesTheGoldenWavToAFileAndToStandardOutput() throws Exception {
        Path out = dir.resolve("gen1.wav");
        ChildProcess.Result toFile = jar(Map.of(), goldenCase(out.toString()));
        assertThat(toFile.exitCode()).as(toFile.stderr()).isZero();
        float[] golden = Fixtures.goldenTensors().floats("gen1.audio");
        Wav.assertMatchesGolden(Wav.samples(Files.readAllBytes(out)), golden);

        ChildProcess.Result toStdout = jar(Map.of(), goldenCase("-"));
        assertThat(toStdout.exitCode()).as(toStdout.stderr()).isZero();
        Wav.assertMatchesGolden(Wav.streamedSamples(toStdout.stdout()), golden);
    }

    @Test
    void theJarFailsWithOneLineAndNoFile() throws Exception {
        Path out = dir.resolve("never.wav");
        ChildProcess.Result r = jar(Map.of(), "generate", "--config", Fixtures.tiny("tiny.yaml").toString(), "--compat", "1.0", "--voice", "nobody",
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
            String[] args = {"generate", "--config", config.toString(), "--compat", "1.0", "--voice", "alba", "--text", "Hello.",
                "--output-path", dir.resolve("hub.wav").toString()};
            ChildProcess.Result first = jar(env, args);
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(hub.hub.requests()).isNotEmpty();
            hub.hub.clearRequests();
            ChildProcess.Result second = jar(env, args);
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(hub.hub.requests()).isEmpty();
        }
    }

    @Test
    void theLauncherScriptRunsTheCommand() throws Exception {
        ChildProcess.Result help = run(List.of(ROOT.resolve("pocket-tts").toString(), "generate", "--help"),
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
