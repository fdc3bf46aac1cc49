package org.pockettts.formats;

import java.util.Arrays;
import java.util.Objects;

/**
 * Changes the speaking rate of audio while it streams, keeping its pitch: {@code speed} 2 says the
 * same in half the time, 0.5 in twice the time. Samples go in with {@link #push} as they are
 * generated and the stretched samples that are ready come back at once; {@link #finish()} returns the
 * rest. In all, {@code n} samples in give {@code round(n / speed)} samples out.
 *
 * <p>The method is WSOLA with 40 ms Hann windows overlapping by half and a search of ±12 ms for the
 * best-matching waveform. The first output leaves once 40 ms of input are in (20·speed ms above
 * speed 2: 80 ms, one generated frame, at speed 4); after that, output lags the input by at most
 * {@link #latencySamples()}. Speed 1 is the identity: samples pass unchanged and at once. A
 * stretcher is meant for one thread.
 */
public final class TimeStretcher {

    /** The slowest speed: four times as long. */
    public static final double MIN_SPEED = 0.25;
    /** The fastest speed: a quarter of the time. */
    public static final double MAX_SPEED = 4.0;

    private static final double WINDOW_SECONDS = 0.040;
    private static final double TOLERANCE_SECONDS = 0.012;

    private final double speed;
    /** Null at speed 1, where nothing is changed. */
    private final Wsola wsola;
    private boolean finished;

    private TimeStretcher(double speed, Wsola wsola) {
        this.speed = speed;
        this.wsola = wsola;
    }

    /**
     * A stretcher for audio at {@code sampleRate}.
     *
     * @throws IllegalArgumentException when {@code speed} is outside [{@value #MIN_SPEED},
     *                                  {@value #MAX_SPEED}] (the message says so) or the rate is not positive
     */
    public static TimeStretcher of(double speed, int sampleRate) {
        checkSpeed(speed);
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (speed == 1.0) {
            return new TimeStretcher(speed, null);
        }
        int window = Math.max(4, (int) Math.round(WINDOW_SECONDS * sampleRate / 4) * 4);
        int tolerance = (int) Math.round(TOLERANCE_SECONDS * sampleRate);
        return new TimeStretcher(speed, new Wsola(speed, window, tolerance));
    }

    /**
     * Returns {@code speed} if it is a speaking rate this class takes.
     *
     * @throws IllegalArgumentException naming the range, for a speed outside it or not a number
     */
    public static double checkSpeed(double speed) {
        if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be between " + MIN_SPEED + " and " + MAX_SPEED
                    + " (1.0 is the natural pace), got " + speed);
        }
        return speed;
    }

    public double speed() {
        return speed;
    }

    /**
     * The most input samples whose output may still be held back: after {@code n} samples in, at
     * least {@code (n - latencySamples()) / speed} have come out, and never more than {@code n / speed}.
     * At 24 kHz: 0 at speed 1; 1728 (72 ms) below it; 1248 + 480·speed above it (3168, 132 ms, at 4).
     */
    public int latencySamples() {
        return wsola == null ? 0 : wsola.latency();
    }

    /** Takes {@code samples[off, off + len)} and returns the stretched samples now complete, maybe none. */
    public float[] push(float[] samples, int off, int len) {
        Objects.checkFromIndexSize(off, len, samples.length);
        checkOpen();
        return wsola == null ? Arrays.copyOfRange(samples, off, off + len) : wsola.push(samples, off, len);
    }

    /** Takes all of {@code samples}. */
    public float[] push(float[] samples) {
        return push(samples, 0, samples.length);
    }

    /** Ends the input and returns the rest of the output. */
    public float[] finish() {
        checkOpen();
        finished = true;
        return wsola == null ? new float[0] : wsola.finish();
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("the time stretcher is already finished");
        }
    }
}
