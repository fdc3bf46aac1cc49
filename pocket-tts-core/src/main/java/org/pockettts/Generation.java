package org.pockettts;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.pockettts.api.AudioLimitException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.kernels.WorkerPool;
import org.pockettts.mimi.Mimi;
import org.pockettts.nn.Cancellation;
import org.pockettts.text.ChunkPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation in flight: a FlowLM thread that turns each chunk of text into latents, and a Mimi
 * thread that decodes them into audio frames as they come, as the reference does; a pause between
 * chunks becomes exact zero samples, made by the Mimi thread in its place. Each chunk is decoded
 * with a fresh Mimi state. Both queues
 * between them are bounded: latents by {@link #LATENT_QUEUE}, frames by {@link #FRAME_QUEUE}, so a
 * slow listener holds the decoder back and the decoder holds FlowLM back; the generation never runs
 * more than those few frames ahead of what the listener has taken.
 *
 * <p>Its {@link Lifecycle} goes from running to ended, failed or cancelled exactly once. Both
 * threads catch everything ({@link OutOfMemoryError} included) and end it as failed; the listener
 * waits for "a frame or the end", so a failure always reaches it and nothing waits for ever.
 * An exception of FlowLM (a limit reached) reaches the listener after the audio made before it; an
 * {@link Error} of either thread ends the generation at once.
 */
final class Generation {

    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);
    /** Latents FlowLM may compute ahead of the decoder: 0.64 s of audio, enough to keep both threads busy. */
    static final int LATENT_QUEUE = 8;
    /** Decoded frames waiting for the listener (2.56 s of audio) before the decoder pauses. */
    static final int FRAME_QUEUE = 32;
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Points where tests look into a generation, and inject faults; each runs on the thread named. */
    interface Probe {
        Probe NONE = (chunk, step, latent, eosLogit) -> {
        };

        /** On the FlowLM thread, after each latent is computed and before it is handed on. */
        void onStep(int chunk, int step, float[] latent, float eosLogit);

        /** On the Mimi thread, before frame {@code frame} (counted over the whole generation) is decoded. */
        default void beforeDecode(int frame) {
        }
    }

    /** One piece of a generation, in order: a chunk of text to speak, or a pause. */
    sealed interface Segment permits Speech, Silence {
    }

    /**
     * What one chunk of text needs: its tokens and how long it may run.
     *
     * @param text the chunk's text, for messages
     * @param tokens the token ids FlowLM is prompted with
     * @param framesAfterEos frames generated after the end of speech is detected
     * @param maxFrames the most frames the chunk may take
     */
    record Speech(String text, int[] tokens, int framesAfterEos, int maxFrames) implements Segment {

        static Speech of(ChunkPlanner.PlannedChunk chunk) {
            return new Speech(chunk.text(), chunk.tokens(), chunk.framesAfterEos(), chunk.maxFrames());
        }
    }

    /** A pause: {@code samples} zero samples, whatever the frame size. */
    record Silence(int samples) implements Segment, Work {
    }

    /**
     * What a generation does beyond its options, from the model and its behaviour.
     *
     * @param eosMinimumFrames frames of each chunk on which the end of speech is not looked for
     * @param fadeIn gains applied to the first samples of each chunk's first frame, or null
     * @param frameSize samples per decoded frame
     * @param sampleRate samples per second
     */
    record Settings(int eosMinimumFrames, float[] fadeIn, int frameSize, int sampleRate) {
    }

    /** What FlowLM hands the decoder, in order. */
    private sealed interface Work permits ChunkStart, Latent, Silence {
    }

    /** A chunk of text starts: a fresh decoder state (and fade-in) for the latents that follow. */
    private record ChunkStart() implements Work {
    }

    /** A latent to decode. */
    private record Latent(float[] values) implements Work {
    }

    private static final ChunkStart CHUNK_START = new ChunkStart();

    private final FlowLm flowLm;
    private final Mimi mimi;
    private final IntFunction<FlowLm.State> voiceState;
    private final List<Segment> segments;
    private final int chunkCount;
    private final GenerationOptions options;
    private final Settings settings;
    private final long maxSamples;
    private final Probe probe;
    private final WeightReaders readers;
    /** The threads still running, of two: the last one to end tells {@link #readers}. */
    private final AtomicInteger threadsLeft = new AtomicInteger(2);
    private final Lifecycle life = new Lifecycle();
    /** The loops' question "still wanted?", made once: steps then allocate nothing for it. */
    private final Cancellation stopped = life::check;
    private final Handoff<Work> latents = new Handoff<>(life, LATENT_QUEUE);
    private final Handoff<float[]> frames = new Handoff<>(life, FRAME_QUEUE);
    private Thread generator;
    private Thread decoder;

    private final long start = System.nanoTime();
    private volatile long end = -1;
    private volatile long firstFrame = -1;
    private volatile int chunksStarted;
    private volatile int latentCount;
    private volatile int framesDecoded;
    private volatile long transformerNanos;
    private volatile long flowNanos;
    private volatile long mimiNanos;
    private volatile int reachedMaxLength;

    /**
     * @param voiceState gives a fresh state continuing the voice's prompted state for each chunk,
     *     with room for the given number of positions
     * @param options the options, with the temperature resolved
     * @param readers the model's readers of its weights, which both threads join while they run
     */
    Generation(FlowLm flowLm, Mimi mimi, IntFunction<FlowLm.State> voiceState, List<Segment> segments,
               GenerationOptions options, Settings settings, Probe probe, WeightReaders readers) {
        this.flowLm = flowLm;
        this.mimi = mimi;
        this.voiceState = voiceState;
        this.segments = List.copyOf(segments);
        this.chunkCount = (int) segments.stream().filter(Speech.class::isInstance).count();
        this.options = options;
        this.settings = settings;
        this.maxSamples = (long) Math.floor(options.maxAudioSeconds() * settings.sampleRate());
        this.probe = probe;
        this.readers = readers;
    }

    /**
     * Starts both threads; the stream is how the listener takes the frames.
     *
     * @throws IllegalStateException when the model is closed
     */
    AudioStream start() {
        int id = IDS.incrementAndGet();
        generator = Thread.ofPlatform().name("pocket-tts-flowlm-" + id).daemon().unstarted(() -> {
            try {
                generate();
            } finally {
                threadDone();
            }
        });
        decoder = Thread.ofPlatform().name("pocket-tts-mimi-" + id).daemon().unstarted(() -> {
            try {
                decode();
            } finally {
                threadDone();
            }
        });
        readers.enter(this);
        boolean decoding = false;
        try {
            decoder.start();
            decoding = true;
            generator.start();
        } catch (Throwable e) {
            // No thread for FlowLM (or for Mimi): stop whichever did start, and say so here.
            life.cancel();
            threadDone();
            if (!decoding) {
                threadDone();
            }
            throw e;
        }
        return new AudioStream(frames, this);
    }

    private void threadDone() {
        readers.exit(this, threadsLeft.decrementAndGet() == 0);
    }

    /** Stops the generation; from any thread, any number of times. */
    void cancel() {
        if (life.cancel()) {
            end = System.nanoTime();
        }
    }

    /** Ends the generation with {@code failure}, which the listener gets; from any thread. */
    void fail(Throwable failure) {
        failNow(failure);
    }

    boolean isCancelled() {
        return life.isCancelled();
    }

    boolean isRunning() {
        return life.isRunning();
    }

    /** Why the generation failed, or null when it has not. */
    Throwable failure() {
        return life.failure();
    }

    /** Waits up to {@code millis} for both threads to finish; whether they did. For tests. */
    boolean awaitThreads(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread t : new Thread[] {generator, decoder}) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            t.join(left);
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Whether both threads wait for room in their full output queues (FlowLM for latents, Mimi for frames). For tests. */
    boolean blockedOnFullQueues() {
        return waitingForRoom(generator) && waitingForRoom(decoder);
    }

    private static boolean waitingForRoom(Thread t) {
        if (t.getState() != Thread.State.WAITING) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(Handoff.class.getName()) && e.getMethodName().equals("put")) {
                return true;
            }
        }
        return false;
    }

    private void generate() {
        WorkerPool.busy();
        try {
            long seed = options.seed() != null ? options.seed() : System.nanoTime() ^ Thread.currentThread().threadId();
            FlowLm.Sampling sampling = new FlowLm.Sampling(options.lsdDecodeSteps(), options.temperature(),
                    options.noiseClamp(), new SplittableRandom(seed));
            long emitted = 0;
            int chunk = 0;
            for (Segment segment : segments) {
                life.check();
                switch (segment) {
                    case Speech speech -> {
                        latents.put(CHUNK_START);
                        chunksStarted = ++chunk;
                        emitted = generateChunk(chunk - 1, speech, sampling, emitted);
                    }
                    case Silence silence -> {
                        if (emitted + silence.samples() > maxSamples) {
                            throw limitReached("in a pause after chunk " + chunk);
                        }
                        latents.put(silence);
                        emitted += silence.samples();
                    }
                }
            }
            latents.close();
        } catch (CancellationException e) {
            // Stopped from elsewhere: the state says why, nothing to add.
        } catch (Exception e) {
            // A limit, or a bug: the listener gets the audio made so far, then this.
            latents.close(e);
        } catch (Throwable e) {
            // Out of memory or another Error: end now, whatever is queued.
            failNow(e);
        } finally {
            WorkerPool.idle();
        }
    }

    private AudioLimitException limitReached(String where) {
        return new AudioLimitException("The audio reached the limit of " + options.maxAudioSeconds()
                + " s per generation (max_audio_seconds) " + where + "; give a shorter text or a higher limit");
    }

    /** Generates one chunk's latents; returns the samples handed to the decoder so far, over the whole generation. */
    private long generateChunk(int index, Speech chunk, FlowLm.Sampling sampling, long emitted) {
        // One allocation of the whole cache instead of regrowing it while frames are generated.
        FlowLm.State state = voiceState.apply(chunk.tokens().length + chunk.maxFrames());
        long t0 = System.nanoTime();
        flowLm.prompt(state, flowLm.embed(chunk.tokens()), chunk.tokens().length, stopped);
        transformerNanos += System.nanoTime() - t0;
        int budget = (int) Math.min(chunk.maxFrames(), FlowLm.MAX_POSITIONS - state.length());
        float[] previous = null;
        int eosStep = -1;
        for (int step = 0; step < budget; step++) {
            life.check();
            FlowLm.Frame frame = flowLm.step(state, previous, sampling, stopped);
            transformerNanos += frame.transformerNanos();
            flowNanos += frame.flowNanos();
            latentCount++;
            probe.onStep(index, step, frame.latent(), frame.eosLogit());
            if (eosStep < 0 && step >= settings.eosMinimumFrames() && frame.eosLogit() > options.eosThreshold()) {
                eosStep = step;
            }
            if (eosStep >= 0 && step - eosStep >= chunk.framesAfterEos()) {
                return emitted;
            }
            if (emitted + settings.frameSize() > maxSamples) {
                throw limitReached("in chunk " + (index + 1) + " of " + chunkCount);
            }
            latents.put(new Latent(frame.latent()));
            emitted += settings.frameSize();
            previous = frame.latent();
        }
        reachedMaxLength++;
        String where = budget < chunk.maxFrames()
                ? "the model's context of " + FlowLm.MAX_POSITIONS + " positions is full"
                : "maximum length of " + chunk.maxFrames() + " frames reached";
        if (options.errorWithoutEos()) {
            throw new PocketTtsException("Generation reached its maximum length without an end of speech ("
                    + where + ") in chunk " + (index + 1) + ": \"" + chunk.text() + "\"");
        }
        LOG.warn("Maximum generation length reached without end of speech ({}), this very often indicates an error;"
                + " chunk {}: \"{}\"", where, index + 1, chunk.text());
        return emitted;
    }

    private void decode() {
        // Busy while latents are waiting, idle while blocked on the queue: see WorkerPool.busy().
        boolean busy = false;
        try {
            Mimi.Decoder current = null;
            boolean fadePending = false;
            float[] z = new float[flowLm.latentDim()];
            while (true) {
                Work work = latents.poll();
                if (work == null) {
                    if (busy) {
                        WorkerPool.idle();
                        busy = false;
                    }
                    work = latents.take();
                }
                if (work == null) {
                    finishDecoding();
                    return;
                }
                if (!busy) {
                    WorkerPool.busy();
                    busy = true;
                }
                float[] latent;
                switch (work) {
                    case ChunkStart c -> {
                        current = mimi.newDecoder();
                        fadePending = settings.fadeIn() != null;
                        continue;
                    }
                    case Silence silence -> {
                        emitSilence(silence.samples());
                        continue;
                    }
                    case Latent l -> latent = l.values();
                }
                probe.beforeDecode(framesDecoded);
                long t0 = System.nanoTime();
                flowLm.denormalize(latent, z);
                float[] samples = current.decode(z);
                if (fadePending) {
                    fadeIn(samples, settings.fadeIn());
                    fadePending = false;
                }
                mimiNanos += System.nanoTime() - t0;
                if (firstFrame < 0) {
                    firstFrame = System.nanoTime() - start;
                }
                framesDecoded++;
                frames.put(samples);
            }
        } catch (CancellationException e) {
            // Stopped from elsewhere.
        } catch (Throwable e) {
            failNow(e);
        } finally {
            if (busy) {
                WorkerPool.idle();
            }
        }
    }

    /** Multiplies the first samples of a chunk's first frame by the fade-in gains (float32 products). */
    private static void fadeIn(float[] samples, float[] gains) {
        int n = Math.min(samples.length, gains.length);
        for (int i = 0; i < n; i++) {
            samples[i] *= gains[i];
        }
    }

    /** Hands the listener {@code samples} zeros, in frames of at most one frame's size. */
    private void emitSilence(int samples) {
        for (int left = samples; left > 0; left -= settings.frameSize()) {
            frames.put(new float[Math.min(left, settings.frameSize())]);
        }
    }

    /** Every latent decoded: the generation ends, as FlowLM did. */
    private void finishDecoding() {
        Throwable failure = latents.closedBy();
        end = System.nanoTime();
        if (failure != null) {
            life.fail(failure);
        } else {
            life.end();
        }
    }

    private void failNow(Throwable e) {
        if (life.fail(e)) {
            end = System.nanoTime();
        }
    }

    GenerationStats stats() {
        long stop = end >= 0 ? end : System.nanoTime();
        return new GenerationStats(chunkCount, chunksStarted, latentCount, framesDecoded, firstFrame,
                stop - start, transformerNanos, flowNanos, mimiNanos, reachedMaxLength);
    }
}
