package org.pockettts;

import org.pockettts.api.PocketTtsException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.pockettts.flowlm.FlowLm;
import org.pockettts.kernels.WorkerPool;
import org.pockettts.mimi.Mimi;
import org.pockettts.nn.Transformer;
import org.pockettts.text.TextPreparation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation in flight: a FlowLM thread that turns each chunk of text into latents, and a Mimi
 * thread that decodes them into audio frames as they come, as the reference does. Latents flow
 * through an unbounded queue (they are tiny); frames through a bounded one, so a slow listener
 * holds the decoder back instead of piling up audio.
 *
 * <p>{@link TtsModel#stream} is the way to speak text; {@link #start} is for tools that bring
 * their own token ids and voice state, such as benchmarks of models without a tokenizer.
 */
public final class Generation {

    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);
    /** About 20 s of audio waiting for a slow listener before the decoder pauses. */
    private static final int FRAME_QUEUE = 256;
    private static final AtomicInteger IDS = new AtomicInteger();

    /** Sees every latent as it is computed; for tests and diagnostics. */
    interface StepObserver {
        void onStep(int chunk, int step, float[] latent, float eosLogit);
    }

    /**
     * What one chunk of text needs: its tokens and how long it may run.
     *
     * @param text the chunk's text, for messages
     * @param tokens the token ids FlowLM is prompted with
     * @param framesAfterEos frames generated after the end of speech is detected
     * @param maxFrames the most frames the chunk may take
     */
    public record Chunk(String text, int[] tokens, int framesAfterEos, int maxFrames) {

        /**
         * A chunk with the reference's limits: {@code framesAfterEos} is the given value or, when
         * null, the guess of {@code prepare_text_prompt} plus 2; the maximum is
         * {@code int((words + 2) · frameRate)} frames.
         */
        public static Chunk of(String text, int[] tokens, Integer framesAfterEos, double frameRate) {
            int after = framesAfterEos != null ? framesAfterEos
                    : TextPreparation.prepareTextPrompt(text).framesAfterEosGuess() + 2;
            return new Chunk(text, tokens, after, (int) ((TextPreparation.countWords(text) + 2) * frameRate));
        }
    }

    private record NewChunk() {
    }

    private record End() {
    }

    private record Failed(RuntimeException error) {
    }

    private final FlowLm flowLm;
    private final Mimi mimi;
    private final Supplier<Transformer.State> voiceState;
    private final List<Chunk> chunks;
    private final GenerationOptions options;
    private final StepObserver observer;
    private final BlockingQueue<Object> latents = new LinkedBlockingQueue<>();
    private final BlockingQueue<AudioStream.Item> frames = new ArrayBlockingQueue<>(FRAME_QUEUE);
    private volatile boolean cancelled;
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

    /** @param voiceState gives a fresh copy of the voice's prompted state for each chunk */
    Generation(FlowLm flowLm, Mimi mimi, Supplier<Transformer.State> voiceState, List<Chunk> chunks,
               GenerationOptions options, StepObserver observer) {
        this.flowLm = flowLm;
        this.mimi = mimi;
        this.voiceState = voiceState;
        this.chunks = List.copyOf(chunks);
        this.options = options;
        this.observer = observer;
    }

    /**
     * Starts speaking {@code chunks} from {@code voiceState}, a FlowLM state prompted with a voice
     * (it is copied for each chunk and never changed).
     */
    public static AudioStream start(FlowLm flowLm, Mimi mimi, Transformer.State voiceState, List<Chunk> chunks,
                                    GenerationOptions options) {
        return new Generation(flowLm, mimi, voiceState::copy, chunks, options, null).start();
    }

    AudioStream start() {
        int id = IDS.incrementAndGet();
        generator = Thread.ofPlatform().name("pocket-tts-flowlm-" + id).daemon().unstarted(this::generate);
        decoder = Thread.ofPlatform().name("pocket-tts-mimi-" + id).daemon().unstarted(this::decode);
        decoder.start();
        generator.start();
        return new AudioStream(frames, this);
    }

    void cancel() {
        cancelled = true;
        if (generator != null) {
            generator.interrupt();
            decoder.interrupt();
        }
    }

    boolean isCancelled() {
        return cancelled;
    }

    private void generate() {
        WorkerPool.busy();
        try {
            long seed = options.seed() != null ? options.seed() : System.nanoTime() ^ Thread.currentThread().threadId();
            FlowLm.Sampling sampling = new FlowLm.Sampling(options.lsdDecodeSteps(), options.temperature(),
                    options.noiseClamp(), new SplittableRandom(seed));
            for (int c = 0; c < chunks.size() && !cancelled; c++) {
                latents.put(new NewChunk());
                chunksStarted = c + 1;
                generateChunk(c, chunks.get(c), sampling);
            }
            latents.put(new End());
        } catch (InterruptedException e) {
            latents.offer(new End());
        } catch (RuntimeException e) {
            latents.offer(new Failed(e));
        } catch (Error e) {
            latents.offer(new Failed(new PocketTtsException("Generation failed: " + e, e)));
        } finally {
            WorkerPool.idle();
        }
    }

    private void generateChunk(int index, Chunk chunk, FlowLm.Sampling sampling) throws InterruptedException {
        Transformer.State state = voiceState.get();
        // One allocation of the whole cache instead of regrowing it while frames are generated.
        state.reserve(chunk.tokens().length + chunk.maxFrames());
        long t0 = System.nanoTime();
        flowLm.prompt(state, flowLm.embed(chunk.tokens()), chunk.tokens().length);
        transformerNanos += System.nanoTime() - t0;
        int budget = (int) Math.min(chunk.maxFrames(), FlowLm.MAX_POSITIONS - state.length());
        float[] previous = null;
        int eosStep = -1;
        for (int step = 0; step < budget; step++) {
            if (cancelled) {
                return;
            }
            FlowLm.Frame frame = flowLm.step(state, previous, sampling);
            transformerNanos += frame.transformerNanos();
            flowNanos += frame.flowNanos();
            latentCount++;
            if (observer != null) {
                observer.onStep(index, step, frame.latent(), frame.eosLogit());
            }
            if (eosStep < 0 && frame.eosLogit() > options.eosThreshold()) {
                eosStep = step;
            }
            if (eosStep >= 0 && step >= eosStep + chunk.framesAfterEos()) {
                return;
            }
            latents.put(frame.latent());
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
    }

    private void decode() {
        Mimi.Decoder current = null;
        float[] z = new float[flowLm.latentDim()];
        // Busy while latents are waiting, idle while blocked on the queue: see WorkerPool.busy().
        boolean busy = false;
        try {
            while (true) {
                Object item = latents.poll();
                if (item == null) {
                    if (busy) {
                        WorkerPool.idle();
                        busy = false;
                    }
                    item = latents.take();
                }
                if (!busy) {
                    WorkerPool.busy();
                    busy = true;
                }
                if (item instanceof float[] latent) {
                    long t0 = System.nanoTime();
                    flowLm.denormalize(latent, z);
                    float[] samples = current.decode(z);
                    mimiNanos += System.nanoTime() - t0;
                    if (firstFrame < 0) {
                        firstFrame = System.nanoTime() - start;
                    }
                    framesDecoded++;
                    frames.put(new AudioStream.Frame(samples));
                } else if (item instanceof NewChunk) {
                    current = mimi.newDecoder();
                } else if (item instanceof Failed f) {
                    end = System.nanoTime();
                    frames.put(new AudioStream.Failure(f.error()));
                    return;
                } else {
                    end = System.nanoTime();
                    frames.put(new AudioStream.End());
                    return;
                }
            }
        } catch (InterruptedException e) {
            end = System.nanoTime();
            frames.offer(new AudioStream.End());
        } catch (RuntimeException e) {
            end = System.nanoTime();
            cancel();
            frames.offer(new AudioStream.Failure(e));
        } finally {
            if (busy) {
                WorkerPool.idle();
            }
        }
    }

    GenerationStats stats() {
        long stop = end >= 0 ? end : System.nanoTime();
        return new GenerationStats(chunks.size(), chunksStarted, latentCount, framesDecoded, firstFrame,
                stop - start, transformerNanos, flowNanos, mimiNanos, reachedMaxLength);
    }
}
