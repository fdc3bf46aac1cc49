package org.pockettts.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes generated speech as a 16-bit PCM mono WAV, frame by frame as it is produced, the way the
 * reference does: each sample becomes {@code int16(clamp(x, -1, 1) * 32767)} truncated toward
 * zero, and {@link #finish()} appends 0.2 s of silence.
 *
 * <p>Two targets:
 * <ul>
 *   <li>{@link #toFile}: the file appears only on {@link #finish()}, complete and with its true
 *       sizes; until then the samples go to a hidden temporary file in the same folder, which
 *       {@link #abort()} (or {@link #close()} without finishing) removes, leaving any earlier file
 *       at the target untouched;</li>
 *   <li>{@link #toStream}: for outputs that cannot seek back (standard output, HTTP): the header,
 *       with the placeholder sizes of the reference's streaming writer (10<sup>9</sup> frames), goes
 *       out at once and every write is flushed. The stream is not closed.</li>
 * </ul>
 *
 * <p>I/O failures are {@link IOException}s whose message names the file (or the stream) and the
 * reason. A writer is meant for one thread.
 */
public final class WavWriter implements AutoCloseable {

    private static final double TAIL_SILENCE_SECONDS = 0.2;
    private static final int BLOCK_SAMPLES = 4096;

    private enum State { OPEN, FINISHED, ABORTED }

    private final PcmSink sink;
    private final int sampleRate;
    private final byte[] block = new byte[2 * BLOCK_SAMPLES];
    private long dataBytes;
    private State state = State.OPEN;

    private WavWriter(PcmSink sink, int sampleRate) {
        this.sink = sink;
        this.sampleRate = sampleRate;
    }

    /**
     * Starts a WAV file at {@code target}, which appears (replacing any file there) on
     * {@link #finish()}.
     *
     * @throws IOException when the temporary file cannot be created, with the path and reason
     */
    public static WavWriter toFile(Path target, int sampleRate) throws IOException {
        checkRate(sampleRate);
        return new WavWriter(new WavFileSink(target, sampleRate), sampleRate);
    }

    /**
     * Starts a WAV stream on {@code out}, writing and flushing its header at once. {@code out} is
     * not closed by the writer.
     */
    public static WavWriter toStream(OutputStream out, int sampleRate) throws IOException {
        checkRate(sampleRate);
        return new WavWriter(new WavStreamSink(Objects.requireNonNull(out, "out"), sampleRate), sampleRate);
    }

    /** Appends samples. */
    public void write(float[] samples) throws IOException {
        write(samples, 0, samples.length);
    }

    /** Appends {@code samples[off, off + len)}. */
    public void write(float[] samples, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, samples.length);
        checkOpen();
        checkRoom(len);
        for (int done = 0; done < len; ) {
            int n = Math.min(BLOCK_SAMPLES, len - done);
            for (int i = 0; i < n; i++) {
                short v = toPcm16(samples[off + done + i]);
                block[2 * i] = (byte) v;
                block[2 * i + 1] = (byte) (v >> 8);
            }
            sink.write(block, 0, 2 * n);
            dataBytes += 2L * n;
            done += n;
        }
        // One flush per call: a frame leaves whole and at once, however it was cut into blocks.
        sink.flush();
    }

    /**
     * Appends the closing silence and completes the output: for a file, the header gets its sizes
     * and the file takes its place; for a stream, the last bytes are flushed. On failure nothing is
     * left of a file.
     */
    public void finish() throws IOException {
        checkOpen();
        int silence = tailSilenceSamples(sampleRate);
        Arrays.fill(block, (byte) 0);
        try {
            for (int left = silence; left > 0; ) {
                int n = Math.min(BLOCK_SAMPLES, left);
                sink.write(block, 0, 2 * n);
                dataBytes += 2L * n;
                left -= n;
            }
            sink.finish(dataBytes);
            state = State.FINISHED;
        } finally {
            if (state != State.FINISHED) {
                abort();
            }
        }
    }

    /** Gives up: a file target leaves nothing behind. Does nothing once finished or aborted. */
    public void abort() {
        if (state == State.OPEN) {
            state = State.ABORTED;
            sink.abort();
        }
    }

    /** Aborts unless {@link #finish()} has completed. */
    @Override
    public void close() {
        abort();
    }

    /** Samples written so far, the closing silence included once finished. */
    public long samplesWritten() {
        return dataBytes / 2;
    }

    /** The sample rate in the header. */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * One sample as the reference stores it: clamped to [-1, 1], multiplied by 32767 in float32 and
     * truncated toward zero. NaN becomes 0.
     */
    public static short toPcm16(float sample) {
        return (short) (int) (Math.clamp(sample, -1f, 1f) * 32767f);
    }

    /** The silence appended at the end, {@code int(0.2 * rate)} samples as in the reference (4800 at 24 kHz). */
    public static int tailSilenceSamples(int sampleRate) {
        return (int) (sampleRate * TAIL_SILENCE_SECONDS);
    }

    /** A whole WAV file in memory, with true sizes: {@code audio} then the closing silence. */
    public static byte[] toWavBytes(float[] audio, int sampleRate) {
        checkRate(sampleRate);
        long samples = (long) audio.length + tailSilenceSamples(sampleRate);
        if (WavHeader.SIZE + 2 * samples > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(samples + " samples do not fit in one byte array");
        }
        byte[] wav = new byte[(int) (WavHeader.SIZE + 2 * samples)];
        System.arraycopy(WavHeader.pcm16Mono(sampleRate, 2 * samples), 0, wav, 0, WavHeader.SIZE);
        int p = WavHeader.SIZE;
        for (float x : audio) {
            short v = toPcm16(x);
            wav[p++] = (byte) v;
            wav[p++] = (byte) (v >> 8);
        }
        return wav;
    }

    /** Writes {@code audio} and the closing silence to the file {@code target}, atomically. */
    public static void writeFile(Path target, float[] audio, int sampleRate) throws IOException {
        try (WavWriter writer = toFile(target, sampleRate)) {
            writer.write(audio);
            writer.finish();
        }
    }

    private void checkOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("the WAV writer is already " + state.name().toLowerCase());
        }
    }

    /** Refuses samples that, with the closing silence still to come, would overflow the header's sizes. */
    private void checkRoom(long samples) throws IOException {
        if (dataBytes + 2 * (samples + tailSilenceSamples(sampleRate)) > sink.maxDataBytes()) {
            abort();
            throw new IOException("cannot write WAV: the audio is longer than a WAV file can hold ("
                    + sink.maxDataBytes() / 2 / sampleRate / 3600 + " hours at " + sampleRate + " Hz)");
        }
    }

    private static void checkRate(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
    }
}
