package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.api.AudioLimitException;
import org.pockettts.api.PocketTtsException;
import org.pockettts.testing.Fixtures;

/**
 * Faults injected into a running generation at each point where one can happen: an exception or an
 * {@link Error} in either thread, a queue full of frames nobody takes, a close from another thread
 * at every step, an interrupt of the listener. In each case the listener sees the end or the
 * failure, and both threads finish. Waits are on latches and on the threads themselves, each with a
 * generous bound that only a hang reaches; no test sleeps.
 */
class GenerationFaultsTest {

    /** How long a wait may take before it counts as a hang. */
    private static final long HANG_MS = 30_000;

    /** EOS never fires: "Hello world." runs to its 50 frames, longer texts to (words + 2) · 12.5. */
    private static final GenerationOptions NEVER_ENDS = GenerationOptions.defaults().withTemperature(0f)
            .withEosThreshold(1e9f);
    private static final String TEXT = "Hello world.";
    private static final int TEXT_FRAMES = 50;
    /** Twenty-six words: 350 frames, more than every queue of the generation holds. */
    private static final String LONG_TEXT = "One two three four five six seven eight nine ten eleven twelve thirteen"
            + " fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three"
            + " twenty-four twenty-five twenty-six.";

    private static TtsModel model;
    private static Voice voice;

    @BeforeAll
    static void load() {
        model = Fixtures.tinyModel();
        voice = Fixtures.tinyVoice();
    }

    /** A probe that fails on one thread at one point. */
    private static Generation.Probe failing(boolean flowLm, int at, Throwable fault) {
        return new Generation.Probe() {
            @Override
            public void onStep(int chunk, int step, float[] latent, float eos) {
                if (flowLm && step == at) {
                    throw sneaky(fault);
                }
            }

            @Override
            public void beforeDecode(int frame) {
                if (!flowLm && frame == at) {
                    throw sneaky(fault);
                }
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** Holds a generation thread at one point until released, and tells when it got there. */
    private static final class Hold {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        /** Called by the held thread. */
        void here() {
            held.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean awaitHeld() throws InterruptedException {
            return held.await(HANG_MS, TimeUnit.MILLISECONDS);
        }

        void release() {
            released.countDown();
        }
    }

    /** Reads the stream to its end or failure on this thread; returns the frames and the failure (or null). */
    private static Throwable drain(AudioStream stream, List<float[]> frames) {
        try {
            while (stream.hasNext()) {
                frames.add(stream.next());
            }
            return null;
        } catch (PocketTtsException e) {
            return e;
        }
    }

    private static void assertThreadsEnd(AudioStream stream) throws InterruptedException {
        assertThat(stream.awaitThreads(HANG_MS)).as("both generation threads finished").isTrue();
    }

    @Test
    void anOutOfMemoryErrorOfTheMimiThreadReachesTheListener() throws InterruptedException {
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS, failing(false, 5, new OutOfMemoryError("injected")));
        List<float[]> frames = new ArrayList<>();
        Throwable failure = drain(stream, frames);
        assertThat(failure).hasMessageContaining("ran out of memory").hasCauseInstanceOf(OutOfMemoryError.class);
        assertThat(frames).hasSizeLessThanOrEqualTo(5);
        assertThat(stream.hasNext()).isFalse();
        assertThreadsEnd(stream);
    }

    @Test
    void anOutOfMemoryErrorOfTheFlowLmThreadReachesTheListener() throws InterruptedException {
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS, failing(true, 7, new OutOfMemoryError("injected")));
        Throwable failure = drain(stream, new ArrayList<>());
        assertThat(failure).hasMessageContaining("ran out of memory").hasCauseInstanceOf(OutOfMemoryError.class);
        assertThreadsEnd(stream);
    }

    @Test
    void aStackOverflowOfTheMimiThreadReachesTheListener() throws InterruptedException {
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS, failing(false, 0, new StackOverflowError()));
        assertThat(drain(stream, new ArrayList<>())).isInstanceOf(PocketTtsException.class)
                .hasCauseInstanceOf(StackOverflowError.class);
        assertThreadsEnd(stream);
    }

    @Test
    void anExceptionOfFlowLmComesAfterEveryFrameMadeBeforeIt() throws InterruptedException {
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS,
                failing(true, 20, new IllegalStateException("injected")));
        List<float[]> frames = new ArrayList<>();
        Throwable failure = drain(stream, frames);
        assertThat(failure).hasMessageContaining("injected");
        assertThat(frames).hasSize(20);
        assertThreadsEnd(stream);
    }

    @Test
    void aFailureOfTheMimiThreadWhileTheFrameQueueIsFullIsNotLost() throws InterruptedException {
        // Nobody takes frames until the decoder has failed with a full queue: the failure must still
        // come, after the queued frames, instead of being dropped for want of room.
        CountDownLatch failed = new CountDownLatch(1);
        int full = Generation.FRAME_QUEUE;
        Generation.Probe probe = new Generation.Probe() {
            @Override
            public void onStep(int chunk, int step, float[] latent, float eos) {
            }

            @Override
            public void beforeDecode(int frame) {
                if (frame == full) {
                    failed.countDown();
                    throw new IllegalStateException("injected with a full queue");
                }
            }
        };
        AudioStream stream = model.stream(voice, LONG_TEXT, NEVER_ENDS, probe);
        assertThat(failed.await(HANG_MS, TimeUnit.MILLISECONDS)).isTrue();
        List<float[]> frames = new ArrayList<>();
        assertThat(drain(stream, frames)).hasMessageContaining("injected with a full queue");
        assertThat(frames).hasSize(full);
        assertThreadsEnd(stream);
    }

    @Test
    void aSlowListenerHoldsFlowLmBackWithinTheQueues() throws InterruptedException {
        // Nobody takes frames: both threads must come to wait for room, FlowLM having computed no more
        // than the frames queued, the one each thread holds, and the latents queued.
        AudioStream stream = model.stream(voice, LONG_TEXT, NEVER_ENDS, Generation.Probe.NONE);
        // Frames queued, plus the one the decoder holds; latents queued, plus the one FlowLM holds.
        int frames = Generation.FRAME_QUEUE + 1;
        int latents = frames + Generation.LATENT_QUEUE + 1;
        // A thread just woken still shows as waiting until it runs, so "both wait" alone may be seen
        // a step early; together with the counts it is the state the generation stays in. A
        // generation that ran further ahead would never show these counts, and the wait would fail.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MS);
        while (!(stream.blockedOnFullQueues() && stream.stats().latents() == latents)
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(stream.stats().latents()).as("latents computed").isEqualTo(latents);
        assertThat(stream.stats().framesDecoded()).as("frames decoded").isEqualTo(frames);
        assertThat(stream.blockedOnFullQueues()).as("both threads wait for room in their queues").isTrue();
        stream.close();
        assertThreadsEnd(stream);
    }

    @Test
    void closingFromAnotherThreadAtEveryFlowLmStepEndsEverything() throws InterruptedException {
        for (int at = 0; at < TEXT_FRAMES; at++) {
            closeFromAnotherThread(true, at);
        }
    }

    @Test
    void closingFromAnotherThreadAtEveryDecodedFrameEndsEverything() throws InterruptedException {
        for (int at = 0; at < TEXT_FRAMES; at += 7) {
            closeFromAnotherThread(false, at);
        }
    }

    /**
     * Holds one thread of the generation at step {@code at} while the listener, on a thread of its
     * own, waits; this test's thread then closes the stream and lets the held thread go on.
     */
    private static void closeFromAnotherThread(boolean flowLm, int at) throws InterruptedException {
        Hold hold = new Hold();
        Generation.Probe probe = new Generation.Probe() {
            @Override
            public void onStep(int chunk, int step, float[] latent, float eos) {
                if (flowLm && step == at) {
                    hold.here();
                }
            }

            @Override
            public void beforeDecode(int frame) {
                if (!flowLm && frame == at) {
                    hold.here();
                }
            }
        };
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS, probe);
        AtomicReference<Throwable> listenerFailure = new AtomicReference<>();
        AtomicInteger taken = new AtomicInteger();
        Thread listener = Thread.ofPlatform().start(() -> {
            List<float[]> frames = new ArrayList<>();
            listenerFailure.set(drain(stream, frames));
            taken.set(frames.size());
        });
        assertThat(hold.awaitHeld()).as("held at %d", at).isTrue();
        stream.close();
        hold.release();
        listener.join(HANG_MS);
        assertThat(listener.isAlive()).as("listener still waiting after close at %d", at).isFalse();
        assertThat(listenerFailure.get()).as("a close is not a failure").isNull();
        assertThat(taken.get()).isLessThanOrEqualTo(at + 1);
        assertThat(stream.isCancelled()).isTrue();
        assertThat(stream.hasNext()).isFalse();
        assertThreadsEnd(stream);
        assertThat(stream.stats().latents()).isLessThanOrEqualTo(flowLm ? at + 1 : TEXT_FRAMES);
    }

    @Test
    void anInterruptedListenerStopsTheGeneration() throws InterruptedException {
        Hold hold = new Hold();
        Generation.Probe probe = (chunk, step, latent, eos) -> {
            if (step == 3) {
                hold.here();
            }
        };
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS, probe);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread listener = Thread.ofPlatform().start(() -> {
            failure.set(drain(stream, new ArrayList<>()));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        assertThat(hold.awaitHeld()).isTrue();
        listener.interrupt();
        listener.join(HANG_MS);
        assertThat(listener.isAlive()).isFalse();
        assertThat(failure.get()).isInstanceOf(PocketTtsException.class).hasMessageContaining("Interrupted");
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(stream.isCancelled()).isTrue();
        hold.release();
        assertThreadsEnd(stream);
    }

    @Test
    void aStreamDroppedWithoutBeingClosedIsStopped() throws InterruptedException {
        // Nobody reads or closes the stream: once it is garbage, its generation must stop and its threads end.
        List<Thread> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothRunning = new CountDownLatch(2);
        Generation.Probe probe = new Generation.Probe() {
            @Override
            public void onStep(int chunk, int step, float[] latent, float eos) {
                if (step == 0) {
                    threads.add(Thread.currentThread());
                    bothRunning.countDown();
                }
            }

            @Override
            public void beforeDecode(int frame) {
                if (frame == 0) {
                    threads.add(Thread.currentThread());
                    bothRunning.countDown();
                }
            }
        };
        AudioStream stream = model.stream(voice, LONG_TEXT, NEVER_ENDS, probe);
        assertThat(bothRunning.await(HANG_MS, TimeUnit.MILLISECONDS)).isTrue();
        // Reachable until both threads run (a collection before would stop it before it started), dropped from here on.
        java.lang.ref.Reference.reachabilityFence(stream);
        stream = null;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MS);
        while (threads.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            System.gc();
            threads.get(0).join(100);
        }
        assertThat(threads).as("the generation's threads").noneMatch(Thread::isAlive);
    }

    @Test
    void theAudioLimitEndsTheGenerationWithAClearFailure() throws InterruptedException {
        // 0.4 s is 5 frames of 80 ms: the listener gets them, then the failure.
        AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS.withMaxAudioSeconds(0.4), Generation.Probe.NONE);
        List<float[]> frames = new ArrayList<>();
        Throwable failure = drain(stream, frames);
        assertThat(frames).hasSize(5);
        assertThat(failure).isInstanceOf(AudioLimitException.class)
                .hasMessageContaining("limit of 0.4 s per generation (max_audio_seconds)");
        assertThreadsEnd(stream);
        // Exactly at the limit is not over it.
        assertThat(model.generate(voice, TEXT, NEVER_ENDS.withMaxAudioSeconds(TEXT_FRAMES * 0.08)))
                .hasSize(TEXT_FRAMES * 1920);
        assertThatThrownBy(() -> model.generate(voice, TEXT, NEVER_ENDS.withMaxAudioSeconds(TEXT_FRAMES * 0.08 - 0.01)))
                .isInstanceOf(AudioLimitException.class).hasMessageContaining("max_audio_seconds");
    }

    @Test
    void pollWaitsForAFrameOrTheEnd() {
        try (AudioStream stream = model.stream(voice, TEXT, NEVER_ENDS, Generation.Probe.NONE)) {
            int frames = 0;
            while (true) {
                float[] f;
                try {
                    f = stream.poll(HANG_MS, TimeUnit.MILLISECONDS);
                } catch (java.util.NoSuchElementException end) {
                    break;
                }
                assertThat(f).as("a frame came within the bound").isNotNull();
                frames++;
            }
            assertThat(frames).isEqualTo(TEXT_FRAMES);
        }
    }
}
