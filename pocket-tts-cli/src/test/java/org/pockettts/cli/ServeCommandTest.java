package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;

/** {@code pocket-tts serve} refuses what it cannot serve with one line, before or while binding. */
class ServeCommandTest {

    @TempDir
    Path dir;

    private Cli.Result serve(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "serve";
        all[1] = "--config";
        all[2] = Fixtures.tiny("tiny.yaml").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return new Cli(dir).run(all);
    }

    private static String lastLine(Cli.Result r) {
        String[] lines = r.errorLines();
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }

    @Test
    void unknownDefaultVoice() {
        Cli.Result r = serve("--voice", "nobody");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r)).startsWith("Error: Unknown voice 'nobody'. Available voices: alba");
    }

    @Test
    void invalidLimits() {
        Cli.Result r = serve("--max-concurrent", "0");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(lastLine(r)).contains("at least 1");
    }

    @Test
    void invalidVoiceUrlPolicyAndLimits() {
        Cli.Result policy = serve("--voice-urls", "some");
        assertThat(policy.exitCode()).isEqualTo(1);
        assertThat(lastLine(policy)).isEqualTo("Error: voice URL policy must be none, public or any, got 'some'");
        Cli.Result text = serve("--max-text-chars", "0");
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(lastLine(text)).isEqualTo("Error: max text characters must be at least 1, got 0");
        Cli.Result audio = serve("--max-audio-seconds", "-5");
        assertThat(audio.exitCode()).isEqualTo(1);
        assertThat(lastLine(audio)).isEqualTo("Error: max audio seconds must be from 1 to 86400, got -5");
        Cli.Result day = serve("--max-audio-seconds", "86401");
        assertThat(day.exitCode()).isEqualTo(1);
        assertThat(lastLine(day)).isEqualTo("Error: max audio seconds must be from 1 to 86400, got 86401");
    }

    @Test
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli.Result r = serve("--voice", Fixtures.tiny("voice_embedding.safetensors").toString(),
                    "--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(lastLine(r))
                    .startsWith("Error: Cannot listen on 127.0.0.1:" + taken.getLocalPort());
            assertThat(r.stderr()).doesNotContain("\tat ");
        }
    }

    @Test
    void helpListsTheOptions() {
        Cli.Result r = new Cli(dir).run("serve", "--help");
        assertThat(r.exitCode()).isZero();
        String usage = new String(r.stdout(), java.nio.charset.StandardCharsets.UTF_8);
        for (String option : new String[] {"--host", "--port", "--voice", "--variant", "--config", "--max-concurrent",
            "--max-queue", "--cors-origin", "--voice-urls", "--max-text-chars", "--max-audio-seconds", "--quiet"}) {
            assertThat(usage).contains(option);
        }
    }
}
