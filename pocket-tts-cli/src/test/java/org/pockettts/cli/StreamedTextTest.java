package org.pockettts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.testing.Fixtures;
import org.pockettts.testing.Wav;

/**
 * {@code generate --text -}: each sentence is spoken as soon as it is complete, while standard input
 * is still open, and the output is the sentences spoken one by one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StreamedTextTest {

    private static final int TAIL = 4800;
    /** Ends each sentence after a few frames: short runs, still one generation per sentence. */
    private static final String EOS_SOON = "-8";

    @TempDir
    Path dir;

    private List<String> args(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("generate", "--config", Fixtures.tiny("tiny.yaml").toString(),
                "--compat", "1.0", "--voice", Fixtures.tiny("voice.wav").toString(), "--temperature", "0",
                "--eos-threshold", EOS_SOON,
                "--output-path", output, "-q"));
        args.addAll(List.of(extra));
        return args;
    }

    /** The oracle: {@code text} spoken alone, without the closing silence. */
    private short[] alone(String text) throws IOException {
        Path out = dir.resolve("alone-" + System.nanoTime() + ".wav");
        Cli.Result r = new Cli(dir).run(args(out.toString(), "--text", text).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        short[] all = Wav.samples(Files.readAllBytes(out));
        return java.util.Arrays.copyOf(all, all.length - TAIL);
    }

    @Test
    void theFirstSentenceIsHeardBeforeTheSecondLineIsWritten() throws Exception {
        short[] first = alone("Hello there, how are you?");
        short[] second = alone("Fine, thanks.");
        long firstBytes = Wav.HEADER + 2L * first.length;

        CountDownLatch firstSentenceOut = new CountDownLatch(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream stdout = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                received.write(b, off, len);
                if (received.size() >= firstBytes) {
                    firstSentenceOut.countDown();
                }
            }
        };
        PipedOutputStream writer = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(writer, 1 << 16);
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
                new Cli(dir).run(stdin, stdout, args("-", "--text", "-").toArray(String[]::new)));

        // The first line comes in two pieces; the second one ends the sentence with the line end.
        writer.write("Hello there, how".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        writer.write(" are you?\n".getBytes(StandardCharsets.UTF_8));
        writer.flush();
        // With the input still open, the whole first sentence must come out (a hang here fails by the timeout).
        firstSentenceOut.await();
        assertThat(run).as("the command waits for more input").isNotDone();
        writer.write("Fine, thanks.".getBytes(StandardCharsets.UTF_8));
        writer.close();
        Cli.Result r = run.get();
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        short[] streamed = Wav.streamedSamples(received.toByteArray());
        short[] expected = new short[first.length + second.length + TAIL];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertThat(streamed).containsExactly(expected);
    }

    @Test
    void emptyInputIsAnErrorAndWritesNoFile() {
        Path out = dir.resolve("none.wav");
        Cli.Result r = new Cli(dir).stdin(" \n \n").run(args(out.toString(), "--text", "-").toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errorLines()).containsExactly("Error: The text is empty: standard input held nothing to speak");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFileOutputHoldsEverySentence() throws IOException {
        Path out = dir.resolve("all.wav");
        Cli.Result r = new Cli(dir).stdin("One. Two!\nThree").run(args(out.toString(), "--text", "-")
                .toArray(String[]::new));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        short[] one = alone("One.");
        short[] two = alone("Two!");
        short[] three = alone("Three");
        short[] expected = new short[one.length + two.length + three.length + TAIL];
        System.arraycopy(one, 0, expected, 0, one.length);
        System.arraycopy(two, 0, expected, one.length, two.length);
        System.arraycopy(three, 0, expected, one.length + two.length, three.length);
        assertThat(Wav.samples(Files.readAllBytes(out))).containsExactly(expected);
    }
}
