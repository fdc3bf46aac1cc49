package org.pockettts.formats;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Prints what encoding and stretching cost per second of audio, on one thread, as the server spends
 * it while it streams: {@code java -cp <test classpath> org.pockettts.formats.EncodingCost [speech.raw]}
 * (s16le 24 kHz mono; a chirp without it). Timing only: it asserts nothing and is not a test.
 */
public final class EncodingCost {

    private static final int RUNS = 5;

    private EncodingCost() {
    }

    public static void main(String[] args) throws IOException {
        float[] audio = args.length > 0 ? speech(args[0]) : Signals.chirp(80, 4000, 30, 0.5);
        double seconds = audio.length / (double) Signals.RATE;
        System.out.printf("%.1f s of audio, best of %d runs after a warm-up%n", seconds, RUNS);
        for (AudioFormat format : AudioFormat.values()) {
            CountingStream out = new CountingStream();
            long nanos = best(() -> {
                out.bytes = 0;
                try (AudioEncoder encoder = format.newEncoder(out, Signals.RATE)) {
                    for (int at = 0; at < audio.length; at += Signals.FRAME) {
                        encoder.write(audio, at, Math.min(Signals.FRAME, audio.length - at));
                    }
                    encoder.finish();
                }
            });
            System.out.printf("%-5s %6.2f ms per second of audio, %6.1f kbit/s%n", format.formatName(),
                    nanos / 1e6 / seconds, out.bytes * 8 / seconds / 1000);
        }
        for (double speed : new double[] {0.25, 0.5, 0.75, 1.5, 2, 4}) {
            long nanos = best(() -> {
                TimeStretcher stretcher = TimeStretcher.of(speed, Signals.RATE);
                for (int at = 0; at < audio.length; at += Signals.FRAME) {
                    stretcher.push(audio, at, Math.min(Signals.FRAME, audio.length - at));
                }
                stretcher.finish();
            });
            System.out.printf("speed %.2f: %6.2f ms per second of input audio%n", speed, nanos / 1e6 / seconds);
        }
    }

    private interface Run {
        void run() throws IOException;
    }

    /** The fastest of {@link #RUNS} runs, after one to warm up. */
    private static long best(Run run) throws IOException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i <= RUNS; i++) {
            long t0 = System.nanoTime();
            run.run();
            long t = System.nanoTime() - t0;
            if (i > 0) {
                best = Math.min(best, t);
            }
        }
        return best;
    }

    private static float[] speech(String file) throws IOException {
        short[] pcm = Decoder.toShorts(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file)));
        float[] x = new float[pcm.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = pcm[i] / 32768f;
        }
        return x;
    }

    private static final class CountingStream extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
