package org.pockettts.formats;

import java.util.Arrays;

/**
 * Waveform-similarity overlap-add (Verhelst and Roelands, 1993) on a stream: the output is built from
 * Hann-windowed segments of the input, {@link #window} samples long, overlapping by half. Segment
 * {@code k} is placed at output position {@code k·hop} and taken from near its nominal input position
 * ({@link #nominal}): within {@link #tolerance} samples of it, at the offset whose waveform best
 * matches the natural continuation of segment {@code k-1} (highest normalised cross-correlation), so
 * that the overlaps add in phase and the pitch stays as it was.
 *
 * <p>Output leaves as soon as the input it needs has arrived, at most {@link #latency()} input
 * samples behind; memory is a few windows, whatever the length of the stream.
 */
final class Wsola {

    /** Offsets and samples the coarse search steps over: it costs a ninth of a full search. */
    private static final int SEARCH_STEP = 3;

    private final double speed;
    private final int window;
    private final int hop;
    private final int tolerance;
    private final float[] hann;
    /** The falling half of the previous segment, windowed, waiting for the next one to overlap. */
    private final float[] overlap;
    private final float[] energies;

    /** Input kept from absolute position {@code start}: {@code input[0, length)}. */
    private float[] input;
    private long start;
    private int length;

    /** Where the input ends, once {@link #finish()} has been called; until then -1. */
    private long end = -1;
    private long segments;
    private long previous;
    private float[] output = new float[0];
    private int outputLength;
    private long emitted;

    /**
     * @param window    segment length in samples, a multiple of 4
     * @param tolerance how far, in samples, a segment may move from its nominal position
     */
    Wsola(double speed, int window, int tolerance) {
        if (window < 4 || window % 4 != 0 || tolerance < 0) {
            throw new IllegalArgumentException("window " + window + " and tolerance " + tolerance);
        }
        this.speed = speed;
        this.window = window;
        this.hop = window / 2;
        this.tolerance = tolerance;
        this.hann = new float[window];
        for (int i = 0; i < window; i++) {
            // Periodic Hann: at half-window overlap the two windows sum to exactly one.
            hann[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / window));
        }
        this.overlap = new float[hop];
        this.energies = new float[2 * tolerance + 1];
        this.input = new float[4 * window + 2 * tolerance];
    }

    /**
     * The most input samples that output can wait for: a window and the tolerance for the segment
     * search, and the input that one hop of output stands for (at least a hop).
     */
    int latency() {
        return window + tolerance + (int) Math.ceil(hop * Math.max(1, speed));
    }

    /** Takes {@code samples[off, off + len)}; returns the output that is now complete. */
    float[] push(float[] samples, int off, int len) {
        append(samples, off, len);
        while (start + length >= needed()) {
            addSegment();
        }
        return drain(Long.MAX_VALUE);
    }

    /**
     * Ends the stream: returns the rest of the output, which in all lasts {@code round(input / speed)}
     * samples. Silence stands in for the input beyond the end.
     */
    float[] finish() {
        end = start + length;
        long target = Math.round(end / speed);
        while (emitted + outputLength < target) {
            long missing = needed() - (start + length);
            if (missing > 0) {
                append(new float[(int) missing], 0, (int) missing);
            }
            addSegment();
        }
        return drain(target - emitted);
    }

    /**
     * Where segment {@code k} nominally starts in the input: its middle, at output time
     * {@code (k + 1)·hop}, is taken from input time {@code (k + 1)·hop·speed}, so that output time t
     * always stands for input time t·speed. The first segment is the start of the input as it is.
     */
    private long nominal(long k) {
        return k == 0 ? 0 : Math.max(0, Math.round((k + 1) * hop * speed - hop));
    }

    /**
     * The input, up to its end (exclusive), that the next segment needs: its window at the furthest
     * candidate, the continuation of the previous segment it is compared with, and the input time the
     * output will have reached (output never runs ahead of input / speed).
     */
    private long needed() {
        if (segments == 0) {
            return Math.max(window, (long) Math.ceil(hop * speed));
        }
        return Math.max(nominal(segments) + tolerance, previous + hop) + window;
    }

    private void addSegment() {
        ensureOutput(hop);
        if (segments == 0) {
            // The first half of the first segment has nothing to overlap: it is the input as it is.
            System.arraycopy(input, 0, output, outputLength, hop);
            previous = 0;
        } else {
            previous = bestMatch(nominal(segments), previous + hop);
            int at = (int) (previous - start);
            for (int i = 0; i < hop; i++) {
                output[outputLength + i] = overlap[i] + input[at + i] * hann[i];
            }
        }
        int at = (int) (previous - start);
        for (int i = 0; i < hop; i++) {
            overlap[i] = input[at + hop + i] * hann[hop + i];
        }
        outputLength += hop;
        segments++;
        // Keep what the next segment may compare or take, also once the input has ended (then its
        // candidates lie up to a window and the tolerance before the end).
        long inputEnd = end < 0 ? start + length : end;
        long keep = Math.min(nominal(segments) - tolerance, inputEnd - window - tolerance);
        discardBefore(Math.max(0, Math.min(keep, previous + hop)));
    }

    /**
     * The start, within {@code tolerance} of {@code nominal}, of the segment most like the input at
     * {@code reference}; ties go to the offset nearest the nominal position.
     */
    private long bestMatch(long nominal, long reference) {
        // Past the end of the input, segments are taken from its last window rather than from the
        // silence that pads it, so that the end is not faded out.
        long last = end < 0 ? Long.MAX_VALUE : Math.max(0, end - window);
        long centre = Math.min(nominal, last);
        long from = Math.max(0, centre - tolerance);
        long to = Math.min(centre + tolerance, Math.max(last, from));
        // Energies of all candidates by a running sum, so that the scores can be normalised.
        int first = (int) (from - start);
        double energy = 0;
        for (int i = 0; i < window; i++) {
            energy += input[first + i] * input[first + i];
        }
        for (int c = 0; c <= to - from; c++) {
            energies[c] = (float) energy;
            int p = first + c;
            energy += input[p + window] * input[p + window] - input[p] * input[p];
        }
        // A coarse pass over every SEARCH_STEP-th offset comparing every SEARCH_STEP-th sample, then
        // the offsets around its best one in full.
        int ref = (int) (reference - start);
        long rough = scan(centre, from, to, SEARCH_STEP, from, ref);
        return scan(rough, Math.max(from, rough - SEARCH_STEP + 1), Math.min(to, rough + SEARCH_STEP - 1), 1, from, ref);
    }

    /**
     * The candidate in [lo, hi], from {@code centre} outwards in steps of {@code step}, whose window
     * best matches the one at input index {@code ref}; the first of equals wins, so ties go to the
     * centre. {@code from} is the candidate whose energy is {@code energies[0]}.
     */
    private long scan(long centre, long lo, long hi, int step, long from, int ref) {
        long best = centre;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (long d = 0; centre - d >= lo || centre + d <= hi; d += step) {
            for (int sign = d == 0 ? 1 : -1; sign <= 1; sign += 2) {
                long candidate = centre + sign * d;
                if (candidate < lo || candidate > hi) {
                    continue;
                }
                float candidateEnergy = energies[(int) (candidate - from)];
                double score = correlation((int) (candidate - start), ref, step)
                        / Math.sqrt(Math.max(candidateEnergy, 1e-12f));
                if (score > bestScore) {
                    bestScore = score;
                    best = candidate;
                }
            }
        }
        return best;
    }

    private double correlation(int a, int b, int step) {
        // Two partial sums: independent chains the processor can overlap.
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + step < window; i += 2 * step) {
            s0 += input[a + i] * input[b + i];
            s1 += input[a + i + step] * input[b + i + step];
        }
        for (; i < window; i += step) {
            s0 += input[a + i] * input[b + i];
        }
        return s0 + s1;
    }

    private void append(float[] samples, int off, int len) {
        if (length + len > input.length) {
            input = Arrays.copyOf(input, Math.max(2 * input.length, length + len));
        }
        System.arraycopy(samples, off, input, length, len);
        length += len;
    }

    private void discardBefore(long position) {
        int drop = (int) (position - start);
        if (drop > length / 2 && drop > window) {
            System.arraycopy(input, drop, input, 0, length - drop);
            length -= drop;
            start = position;
        }
    }

    private void ensureOutput(int more) {
        if (outputLength + more > output.length) {
            output = Arrays.copyOf(output, Math.max(2 * output.length, outputLength + more));
        }
    }

    private float[] drain(long most) {
        int n = (int) Math.min(most, outputLength);
        float[] out = Arrays.copyOf(output, n);
        outputLength = 0;
        emitted += n;
        return out;
    }
}
