package org.pockettts.formats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The oracle of the format tests: Debian's ffmpeg decodes what the encoders wrote. Tests that need
 * it are skipped, with the reason shown, where it is not installed. Shared, as a test jar, with the
 * tests of the command line and the server.
 */
public final class Decoder {

    private static Boolean available;

    private Decoder() {
    }

    /** Skips the calling test unless ffmpeg runs. */
    public static void assumeFfmpeg() {
        assumeTrue(available(), "skipped: ffmpeg is not installed (apt-get install ffmpeg)");
    }

    private static synchronized boolean available() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        return available;
    }

    /**
     * Decodes {@code encoded} to 16-bit mono samples at {@code outputRate}, failing the test when
     * ffmpeg reports any error (a broken header, a bad checksum, a truncated frame).
     */
    public static short[] decode(byte[] encoded, AudioFormat format, int outputRate) {
        // crccheck: checksums (FLAC frames, Ogg pages) are verified, and a mismatch is an error.
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-err_detect", "crccheck"));
        if (format == AudioFormat.PCM) {
            command.addAll(List.of("-f", "s16le", "-ar", "24000", "-ac", "1"));
        }
        try {
            Path in = Files.createTempFile("encoded", "." + format.extensions().getFirst());
            Path log = Files.createTempFile("ffmpeg", ".log");
            try {
                Files.write(in, encoded);
                command.addAll(List.of("-i", in.toString(), "-f", "s16le", "-ac", "1",
                        "-ar", Integer.toString(outputRate), "pipe:1"));
                Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
                byte[] pcm = p.getInputStream().readAllBytes();
                boolean exited = p.waitFor(60, TimeUnit.SECONDS);
                String errors = Files.readString(log).strip();
                if (!exited || p.exitValue() != 0 || !errors.isEmpty()) {
                    throw new AssertionError("ffmpeg could not decode the " + format.formatName() + " audio: " + errors);
                }
                return toShorts(pcm);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Decodes at 24 kHz. */
    public static short[] decode(byte[] encoded, AudioFormat format) {
        return decode(encoded, format, 24_000);
    }

    static short[] toShorts(byte[] pcm) {
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        short[] s = new short[pcm.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getShort(2 * i);
        }
        return s;
    }
}
