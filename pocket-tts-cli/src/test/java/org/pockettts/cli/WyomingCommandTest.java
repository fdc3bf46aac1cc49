package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** {@code pocket-tts wyoming} refuses what it cannot serve with one line, before or while binding. */
class WyomingCommandTest {

    @TempDir
    Path dir;

    private Cli.Result wyoming(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "wyoming";
        all[1] = "--config";
        all[2] = Fixtures.tiny("tiny.yaml").toString();
        all[3] = "--voices-dir";
        all[4] = dir.resolve("voices").toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return new Cli(dir).run(all);
    }

    private static String lastLine(Cli.Result r) {
        String[] lines = r.errorLines();
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    @Test
    void badUris() {
        Cli.Result scheme = wyoming("--uri", "unix:///tmp/pocket-tts.sock");
        assertThat(scheme.exitCode()).isEqualTo(1);
        assertThat(lastLine(scheme)).isEqualTo("Error: Unsupported --uri 'unix:///tmp/pocket-tts.sock': only"
                + " tcp://HOST:PORT is supported, e.g. tcp://0.0.0.0:10200");
        Cli.Result noPort = wyoming("--uri", "tcp://0.0.0.0");
        assertThat(noPort.exitCode()).isEqualTo(1);
        assertThat(lastLine(noPort)).startsWith("Error: Invalid --uri 'tcp://0.0.0.0': write tcp://HOST:PORT");
    }

    @Test
    void limitsOutOfRange() {
        Cli.Result concurrent = wyoming("--max-concurrent", "0");
        assertThat(concurrent.exitCode()).isEqualTo(1);
        assertThat(lastLine(concurrent)).isEqualTo("Error: --max-concurrent must be 1 to 64, not 0");
        Cli.Result connections = wyoming("--max-connections", "1025");
        assertThat(lastLine(connections)).isEqualTo("Error: --max-connections must be 1 to 1024, not 1025");
        Cli.Result text = wyoming("--max-text-chars", "0");
        assertThat(lastLine(text)).isEqualTo("Error: --max-text-chars must be 1 to 1000000, not 0");
        Cli.Result zeroconf = wyoming("--zeroconf", "a.b");
        assertThat(lastLine(zeroconf)).startsWith("Error: The --zeroconf name must be 1 to 63 characters without '.'");
    }

    @Test
    void unknownDefaultVoice() {
        Cli.Result r = wyoming("--voice", "nobody", "--uri", "tcp://127.0.0.1:0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r)).startsWith("Error: Unknown voice 'nobody'. Available voices: alba");
    }

    @Test
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String uri = "tcp://127.0.0.1:" + taken.getLocalPort();
            Cli.Result r = wyoming("--voice", Fixtures.tiny("voice_embedding.safetensors").toString(), "--uri", uri);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(lastLine(r)).startsWith("Error: Cannot listen on " + uri + ": ");
            assertThat(r.stderr()).doesNotContain("\tat ");
        }
    }

    @Test
    void helpListsTheOptions() {
        Cli.Result r = new Cli(dir).run("wyoming", "--help");
        assertThat(r.exitCode()).isZero();
        String usage = new String(r.stdout(), StandardCharsets.UTF_8);
        for (String option : new String[] {"--uri", "--voice", "--voices-dir", "--zeroconf", "--max-concurrent",
            "--max-connections", "--max-text-chars", "--max-audio-seconds", "--variant", "--language", "--config",
            "--compat", "--quiet"}) {
            assertThat(usage).contains(option);
        }
        assertThat(usage).contains("tcp://0.0.0.0:10200");
    }
}
