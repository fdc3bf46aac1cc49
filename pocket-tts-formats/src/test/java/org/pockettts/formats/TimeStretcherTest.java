package org.pockettts.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeStretcherTest {

    private static final int RATE = Signals.RATE;

    @ParameterizedTest
    @ValueSource(doubles = {0.2499, 4.0001, 0, -1, 10, Double.NaN, Double.POSITIVE_INFINITY})
    void speedOutsideTheRangeIsRefusedNamingTheRange(double speed) {
        assertThatThrownBy(() -> TimeStretcher.of(speed, RATE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 0.25 and 4.0")
                .hasMessageContaining("got " + speed);
        assertThatThrownBy(() -> TimeStretcher.checkSpeed(speed)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The first 20 ms of output leave once one 40 ms window is in, or at speed 4 one 80 ms frame. */
    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.75, 1.5, 2, 4})
    void theFirstOutputLeavesAfterOneWindow(double speed) {
        int needed = speed <= 2 ? 960 : (int) Math.ceil(480 * speed);
        float[] audio = Signals.chirp(200, 900, 0.2, 0.5);
        TimeStretcher stretcher = TimeStretcher.of(speed, RATE);
        assertThat(stretcher.push(audio, 0, needed - 1)).isEmpty();
        float[] first = stretcher.push(audio, needed - 1, 1);
        assertThat(first).hasSize(480);
        // The start of the input is the start of the output, unchanged.
        Samples.assertEqual(first, java.util.Arrays.copyOf(audio, 480), "the first 20 ms at speed " + speed);
    }

    @Test
    void speedOneIsBitIdenticalAndImmediate() {
        SplittableRandom random = new SplittableRandom(7);
        float[] audio = Signals.noise(11, 50_000, 1.2);
        TimeStretcher stretcher = TimeStretcher.of(1.0, RATE);
        assertThat(stretcher.latencySamples()).isZero();
        float[] out = new float[0];
        for (int at = 0; at < audio.length; ) {
            int n = Math.min(1 + random.nextInt(5000), audio.length - at);
            float[] piece = stretcher.push(audio, at, n);
            assertThat(piece).as("output of a push at speed 1").hasSize(n);
            out = concat(out, piece);
            at += n;
        }
        assertThat(stretcher.finish()).isEmpty();
        Samples.assertEqual(out, audio, "speed 1");
    }

    /** n samples in give round(n / speed) out, whatever the pieces they come in; the limits included. */
    @Test
    void outputLastsTheInputDividedBySpeed() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 40; trial++) {
            double speed = trial < 2 ? (trial == 0 ? 0.25 : 4.0) : 0.25 + 3.75 * random.nextDouble();
            int n = random.nextInt(3) == 0 ? random.nextInt(2000) : random.nextInt(60_000);
            float[] audio = Signals.noise(random.nextLong(), n, 0.5);
            float[] out = stretchInPieces(audio, speed, random, 4000);
            assertThat(out.length).as("seed %d, speed %s, %d samples in", seed, speed, n)
                    .isEqualTo(Math.round(n / speed));
        }
    }

    @Test
    void theOutputDoesNotDependOnHowTheInputIsCut() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        float[] audio = Signals.chirp(150, 3000, 2.0, 0.7);
        for (double speed : new double[] {0.3, 0.8, 1.7, 3.5}) {
            float[] whole = stretchInPieces(audio, speed, random, audio.length);
            float[] pieces = stretchInPieces(audio, speed, random, 3000);
            Samples.assertEqual(pieces, whole, "seed " + seed + ", speed " + speed);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.5, 0.75, 1.5, 2, 4})
    void aToneKeepsItsFrequencyAndLoudness(double speed) {
        for (double hz : new double[] {110, 220, 1000}) {
            float[] tone = Signals.tone(hz, 3.0, 0.5);
            float[] out = stretchInPieces(tone, speed, new SplittableRandom(1), Signals.FRAME);
            // Away from the start and end, where the stretch begins and the input runs out.
            int from = RATE / 10;
            int to = out.length - RATE / 10;
            assertThat(ZeroCrossings.frequency(out, from, to, RATE)).as("%s Hz at speed %s", hz, speed)
                    .isCloseTo(hz, within(hz * 0.005));
            // In phase, the overlapping windows add up to the tone's own amplitude, 20 ms after 20 ms.
            for (int at = from; at + RATE / 50 <= to; at += RATE / 50) {
                assertThat(Signals.rms(out, at, at + RATE / 50)).as("%s Hz at speed %s, RMS at %d", hz, speed, at)
                        .isCloseTo(0.5 / Math.sqrt(2), within(0.5 / Math.sqrt(2) * 0.05));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.75, 1.5, 3.6, 4})
    void outputLeavesWithinTheLatency(double speed) {
        TimeStretcher stretcher = TimeStretcher.of(speed, RATE);
        assertThat(stretcher.latencySamples()).isEqualTo(speed < 1 ? 1728 : 1248 + (int) Math.ceil(480 * speed));
        float[] audio = Signals.chirp(100, 2000, 20, 0.5);
        long in = 0;
        long out = 0;
        for (int at = 0; at < audio.length; at += Signals.FRAME) {
            out += stretcher.push(audio, at, Signals.FRAME).length;
            in += Signals.FRAME;
            assertThat(out).as("output after the first frame at speed %s", speed).isPositive();
            assertThat((double) out).as("output after %d samples in at speed %s", in, speed)
                    .isGreaterThanOrEqualTo((in - stretcher.latencySamples()) / speed)
                    .isLessThanOrEqualTo(in / speed);
        }
    }

    /**
     * Speech at 1.5 keeps its loudness contour, compressed in time, at least as well as sox's WSOLA
     * ({@code tempo -s}), and has no clicks.
     */
    @Test
    void speechAtOneAndAHalfStaysContinuous() {
        float[] speech = Signals.speech();
        float[] out = stretchInPieces(speech, 1.5, new SplittableRandom(3), Signals.FRAME);
        float[] sox = Signals.soxTempo(speech, 1.5);
        assertThat(out.length).isEqualTo(Math.round(speech.length / 1.5)).isEqualTo(sox.length);
        // No clicks: no step between neighbouring samples larger than the recording's own largest.
        assertThat(maxStep(out)).as("largest sample-to-sample step").isLessThanOrEqualTo(maxStep(speech));
        double ours = envelopeCorrelation(speech, out, 1.5);
        double theirs = envelopeCorrelation(speech, sox, 1.5);
        System.out.printf("speech at 1.5: 20 ms envelope correlation %.3f (sox tempo %.3f)%n", ours, theirs);
        assertThat(ours).as("envelope correlation").isGreaterThan(0.93).isGreaterThan(theirs - 0.02);
    }

    /** How well the 20 ms loudness envelope of {@code out} follows that of {@code in} at {@code speed}. */
    private static double envelopeCorrelation(float[] in, float[] out, double speed) {
        int block = RATE / 50;
        int blocks = out.length / block;
        double[] expected = new double[blocks];
        double[] actual = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            int source = (int) Math.min(in.length, Math.round(b * block * speed));
            expected[b] = Signals.rms(in, source, (int) Math.min(in.length, source + Math.round(block * speed)));
            actual[b] = Signals.rms(out, b * block, (b + 1) * block);
        }
        return correlation(expected, actual);
    }

    @Test
    void finishedStretcherRefusesMore() {
        TimeStretcher stretcher = TimeStretcher.of(2, RATE);
        stretcher.finish();
        assertThatThrownBy(() -> stretcher.push(new float[10])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(stretcher::finish).isInstanceOf(IllegalStateException.class);
    }

    private static float[] stretchInPieces(float[] audio, double speed, SplittableRandom random, int largest) {
        TimeStretcher stretcher = TimeStretcher.of(speed, RATE);
        float[] out = new float[0];
        for (int at = 0; at < audio.length; ) {
            int n = Math.min(largest == Signals.FRAME ? largest : 1 + random.nextInt(largest), audio.length - at);
            out = concat(out, stretcher.push(audio, at, n));
            at += n;
        }
        return concat(out, stretcher.finish());
    }

    private static double maxStep(float[] x) {
        double max = 0;
        for (int i = 1; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - x[i - 1]));
        }
        return max;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return ab / Math.sqrt(aa * bb);
    }

    static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
