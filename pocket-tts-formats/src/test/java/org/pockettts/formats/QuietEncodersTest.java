package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encoders print nothing: the command line streams audio to standard output and reports on standard
 * error, so a library's diagnostic line would corrupt the one and clutter the other.
 */
class QuietEncodersTest {

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void encodingHardSignalsPrintsNothing(AudioFormat format) throws IOException {
        float[][] signals = {
            Signals.noise(1, 48_000, 1.0),                 // incompressible: FLAC's verbatim case
            Signals.noise(2, 48_000, 1e-4),                // near silence
            new float[48_000],                             // silence
            square(48_000, 3.0),                           // clipped square wave
            Signals.chirp(20, 11_900, 2.0, 1.0),           // a sweep to the band's edge
        };
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(printed, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            for (float[] signal : signals) {
                Encoding.encode(format, signal);
                TimeStretcher stretcher = TimeStretcher.of(1.7, Signals.RATE);
                stretcher.push(signal);
                stretcher.finish();
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).as("printed while encoding").isEmpty();
    }

    private static float[] square(int samples, double amplitude) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) ((i / 60) % 2 == 0 ? amplitude : -amplitude);
        }
        return x;
    }
}
