package org.pockettts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.api.PocketTtsException;
import org.pockettts.testing.Fixtures;

/**
 * Closing a model frees its weights (native memory, the mapped file) only once nothing reads them:
 * a generation running at that moment ends with a failure that says so, after the frames it had
 * made, its threads finish, and nothing starts on the closed model. Every wait is on a latch or a
 * thread, with a bound only a hang reaches.
 */
class ModelCloseTest {

    private static final long HANG_MS = 30_000;
    private static final GenerationOptions NEVER_ENDS = GenerationOptions.defaults().withTemperature(0f)
            .withEosThreshold(1e9f);

    @TempDir
    Path dir;

    private static TtsModel load() {
        return TtsModel.load(Fixtures.tiny("tiny.yaml"));
    }

    @Test
    void aGenerationRunningWhenItsModelIsClosedFailsWithAMessageAndItsThreadsEnd() throws Exception {
        TtsModel model = load();
        Voice voice = model.voice(Fixtures.tiny("voice.wav"));
        CountDownLatch atStep = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        Generation.Probe probe = (chunk, step, latent, eos) -> {
            if (step == 10) {
                // FlowLM is in the middle of the generation, its weights in use, when the model closes.
                atStep.countDown();
                await(closing);
            }
        };
        AudioStream stream = model.stream(voice, "Hello world.", NEVER_ENDS, probe);
        List<float[]> frames = new ArrayList<>();
        frames.add(stream.next());
        assertThat(atStep.await(HANG_MS, TimeUnit.MILLISECONDS)).isTrue();
        Thread closer = Thread.ofPlatform().start(model::close);
        // close() waits for the generation's threads; let FlowLM go on so that it sees the closing.
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
            Thread.onSpinWait();
        }
        closing.countDown();
        closer.join(HANG_MS);
        assertThat(closer.isAlive()).as("close() returned").isFalse();
        assertThatThrownBy(() -> {
            while (stream.hasNext()) {
                frames.add(stream.next());
            }
        }).isInstanceOf(PocketTtsException.class)
                .hasMessage("The model was closed while this generation was running");
        assertThat(frames).isNotEmpty().hasSizeLessThan(50);
        assertThat(stream.awaitThreads(HANG_MS)).as("both generation threads finished").isTrue();
    }

    @Test
    void nothingStartsOnAClosedModelButItsVoicesCanStillBeSaved() throws Exception {
        TtsModel model = load();
        Voice voice = model.voice(Fixtures.tiny("voice.wav"));
        float[] before = model.generate(voice, "Hi.", NEVER_ENDS);
        model.close();
        model.close();
        assertThatThrownBy(() -> model.stream(voice, "Hi.", NEVER_ENDS)).isInstanceOf(IllegalStateException.class)
                .hasMessage("The model is closed");
        assertThatThrownBy(() -> model.voice(Fixtures.tiny("voice.wav"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("The model is closed");
        Path saved = dir.resolve("voice.safetensors");
        voice.save(saved);
        try (TtsModel other = load()) {
            assertThat(other.generate(other.voice(saved), "Hi.", NEVER_ENDS)).isEqualTo(before);
        }
    }

    @Test
    void closingStopsAVoicePromptingAtItsNextBlockAndWaitsForIt() throws Exception {
        WeightReaders readers = new WeightReaders();
        readers.enter();
        CountDownLatch freed = new CountDownLatch(1);
        Thread closer = Thread.ofPlatform().start(() -> readers.close(freed::countDown));
        while (!readers.isClosed()) {
            Thread.onSpinWait();
        }
        assertThat(freed.getCount()).as("nothing is freed while a reader reads").isEqualTo(1);
        assertThatThrownBy(() -> readers.cancellation().check()).isInstanceOf(CancellationException.class);
        assertThatThrownBy(readers::enter).isInstanceOf(IllegalStateException.class);
        readers.exit();
        assertThat(freed.await(HANG_MS, TimeUnit.MILLISECONDS)).isTrue();
        closer.join(HANG_MS);
        assertThat(closer.isAlive()).isFalse();
    }

    @Test
    void closingWhileAGenerationWaitsForItsListenerEndsIt() throws Exception {
        TtsModel model = load();
        Voice voice = model.voice(Fixtures.tiny("voice.wav"));
        // Nobody reads: both threads come to wait for room in their queues, then the model closes.
        AudioStream stream = model.stream(voice, "One two three four five six seven eight nine ten eleven twelve"
                + " thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.", NEVER_ENDS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANG_MS);
        while (!stream.blockedOnFullQueues() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        model.close();
        try {
            while (stream.hasNext()) {
                stream.next();
            }
        } catch (PocketTtsException e) {
            failure.set(e);
        }
        assertThat(failure.get()).hasMessage("The model was closed while this generation was running");
        assertThat(stream.awaitThreads(HANG_MS)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(HANG_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
