package org.pockettts.formats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.pockettts.testing.Fixtures;

/** Test audio at 24 kHz: tones, chirps, noise, and a real speech recording when it is available. */
final class Signals {

    static final int RATE = 24_000;
    /** One generated frame of the model: 80 ms. */
    static final int FRAME = 1920;

    private static float[] speech;

    private Signals() {
    }

    static float[] tone(double hz, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** A linear sweep from {@code fromHz} to {@code toHz}. */
    static float[] chirp(double fromHz, double toHz, double seconds, double amplitude) {
        float[] x = new float[(int) Math.round(seconds * RATE)];
        double rate = (toHz - fromHz) / seconds;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / RATE;
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * (fromHz * t + rate * t * t / 2)));
        }
        return x;
    }

    /** Uniform noise in [-amplitude, amplitude]. */
    static float[] noise(long seed, int samples, double amplitude) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (amplitude * (2 * random.nextDouble() - 1));
        }
        return x;
    }

    /**
     * A real speech recording (the shared fixture {@code real/parity-babybirdprd/ref.wav}) resampled to
     * 24 kHz mono by sox; the calling test is skipped, with the reason, when either is missing.
     */
    static synchronized float[] speech() {
        if (speech == null) {
            Path wav = Fixtures.shared("real/parity-babybirdprd/ref.wav");
            speech = toFloats(run(List.of("sox", "-D", wav.toString(), "-t", "raw", "-e", "signed", "-b", "16",
                    "-c", "1", "-r", Integer.toString(RATE), "-"), new byte[0]));
        }
        return speech.clone();
    }

    /** {@code audio} time-stretched by sox's WSOLA for speech ({@code tempo -s speed}): a second implementation. */
    static float[] soxTempo(float[] audio, double speed) {
        byte[] in = new byte[2 * audio.length];
        for (int i = 0; i < audio.length; i++) {
            short v = (short) Math.round(Math.clamp(audio[i], -1f, 1f) * 32767);
            in[2 * i] = (byte) v;
            in[2 * i + 1] = (byte) (v >> 8);
        }
        String[] raw = {"-t", "raw", "-e", "signed", "-b", "16", "-c", "1", "-r", Integer.toString(RATE)};
        List<String> command = new ArrayList<>(List.of("sox", "-D"));
        command.addAll(List.of(raw));
        command.add("-");
        command.addAll(List.of(raw));
        command.addAll(List.of("-", "tempo", "-s", Double.toString(speed)));
        return toFloats(run(command, in));
    }

    private static byte[] run(List<String> command, byte[] input) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread feeder = Thread.ofVirtual().start(() -> {
                try (var stdin = p.getOutputStream()) {
                    stdin.write(input);
                } catch (IOException ignored) {
                    // The process ended early; its exit status says why.
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            feeder.join();
            assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "skipped: sox failed on " + command);
            return out;
        } catch (IOException e) {
            assumeTrue(false, "skipped: sox is not installed (apt-get install sox)");
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static float[] toFloats(byte[] raw) {
        short[] pcm = Decoder.toShorts(raw);
        float[] x = new float[pcm.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pcm[i] / 32768f;
        }
        return x;
    }

    static double rms(short[] x) {
        double sum = 0;
        for (short v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / Math.max(1, x.length)) / 32768;
    }

    static double rms(float[] x, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    static double rms(float[] x) {
        return rms(x, 0, x.length);
    }

    static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
