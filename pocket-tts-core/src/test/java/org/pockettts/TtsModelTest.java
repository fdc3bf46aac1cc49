package org.pockettts;

import org.pockettts.api.ModelFiles;
import org.pockettts.api.ModelFormatException;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pockettts.config.ModelConfig;
import org.pockettts.safetensors.FloatTensor;
import org.pockettts.safetensors.SafeTensors;
import org.pockettts.safetensors.SafeTensorsWriter;
import org.pockettts.testing.Fixtures;

/** The public API: voices, streaming, seeds, sharing one model, and clear errors for bad input. */
class TtsModelTest {

    private static final GenerationOptions DETERMINISTIC = GenerationOptions.defaults().withTemperature(0f);
    private static TtsModel model;
    private static Voice voice;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        model = Fixtures.tinyModel();
        voice = Fixtures.tinyVoice();
    }

    @Test
    void reportsTheModelsAudioFormat() {
        assertThat(model.sampleRate()).isEqualTo(24000);
        assertThat(model.frameSize()).isEqualTo(1920);
        assertThat(model.hasVoiceCloning()).isTrue();
        assertThat(voice.frames()).isEqualTo(37);
    }

    @Test
    void streamDeliversFramesBeforeTheGenerationEnds() throws InterruptedException {
        // EOS never fires, so this text runs to its maximum of 50 frames. The generator waits at its
        // tenth latent until the listener has its first frame: with audio only at the end, it would wait in vain.
        GenerationOptions never = DETERMINISTIC.withEosThreshold(1e9f);
        java.util.concurrent.CountDownLatch firstFrameArrived = new java.util.concurrent.CountDownLatch(1);
        boolean[] generatorWaited = {false};
        Generation.Probe observer = (chunk, step, latent, eos) -> {
            if (step == 10) {
                try {
                    generatorWaited[0] = firstFrameArrived.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        try (AudioStream stream = model.stream(voice, "Hello world.", never, observer)) {
            float[] first = stream.next();
            assertThat(stream.stats().latents()).isLessThanOrEqualTo(11);
            firstFrameArrived.countDown();
            assertThat(first).hasSize(1920);
            int count = 1;
            while (stream.hasNext()) {
                stream.next();
                count++;
            }
            assertThat(count).isEqualTo(50);
            assertThat(generatorWaited[0]).isTrue();
            assertThat(stream.stats().firstFrameNanos()).isPositive().isLessThan(stream.stats().elapsedNanos());
        }
    }

    @Test
    void closingAStreamStopsItsGeneration() throws InterruptedException {
        // The generator is held at its eleventh latent until the stream is closed; it must stop there.
        GenerationOptions never = DETERMINISTIC.withEosThreshold(1e9f);
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        Generation.Probe observer = (chunk, step, latent, eos) -> {
            if (step == 10) {
                held.countDown();
                try {
                    closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AudioStream stream = model.stream(voice, "Hello world.", never, observer);
        stream.next();
        // Close only once the generator is held, however fast the decoder delivered the first frame.
        assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        stream.close();
        closed.countDown();
        assertThat(stream.awaitThreads(30_000)).isTrue();
        assertThat(stream.stats().latents()).isEqualTo(11);
        assertThat(stream.isCancelled()).isTrue();
        assertThat(stream.hasNext()).isFalse();
    }

    @Test
    void theSameSeedGivesTheSameAudioAndAnotherSeedDoesNot() {
        GenerationOptions seeded = GenerationOptions.defaults().withSeed(42L);
        float[] a = model.generate(voice, "Hello world, this is a test.", seeded);
        float[] b = model.generate(voice, "Hello world, this is a test.", seeded);
        float[] c = model.generate(voice, "Hello world, this is a test.", seeded.withSeed(43L));
        assertThat(a).isNotEmpty().containsExactly(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void concurrentGenerationsOnOneModelEqualSequentialOnes() throws Exception {
        List<String> texts = List.of("Hello world.", "Two sentences here. And a second one follows it.",
                "Hello world, this is a test of the voice cloning path.", "Short one.");
        Map<String, float[]> sequential = new LinkedHashMap<>();
        for (String t : texts) {
            sequential.put(t, model.generate(voice, t, DETERMINISTIC.withEosThreshold(-5.9f)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String t : texts) {
                    futures.add(pool.submit(() -> model.generate(voice, t, DETERMINISTIC.withEosThreshold(-5.9f))));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).containsExactly(sequential.get(texts.get(i % texts.size())));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void voiceEmbeddingRoundTripsThroughAVoiceFile() throws IOException {
        Path file = dir.resolve("voice.safetensors");
        voice.save(file);
        Voice loaded = model.voice(file);
        assertThat(loaded.conditioning()).containsExactly(voice.conditioning());
        assertThat(model.generate(loaded, "Hello world.", DETERMINISTIC.withEosThreshold(-5.9f)))
                .containsExactly(model.generate(voice, "Hello world.", DETERMINISTIC.withEosThreshold(-5.9f)));
    }

    @Test
    void aVoiceTooLongForTheContextIsRefusedBeforeItIsEncodedOrReadWhole() throws IOException {
        // 75 s: 938 frames, beyond the 900 that leave room for speech.
        org.pockettts.audio.Audio longVoice = new org.pockettts.audio.Audio(new float[75 * 24000], 24000);
        assertThatThrownBy(() -> model.voiceFromAudio(longVoice, "long"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too long: 938 frames (75 s)")
                .hasMessageContaining("at most 900 frames (72 s)");
        // Ten minutes in a file: only the first 72 s and a frame are read, then refused.
        Path file = dir.resolve("ten-minutes.wav");
        try (org.pockettts.audio.WavWriter w = org.pockettts.audio.WavWriter.toFile(file, 24000)) {
            float[] second = new float[24000];
            for (int s = 0; s < 600; s++) {
                w.write(second);
            }
            w.finish();
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        assertThatThrownBy(() -> model.voice(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too long: 901 frames");
        // Ten minutes of floats would be 58 MB.
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(24L << 20);
    }

    @Test
    void anInterruptedThreadStopsPreparingAVoice() {
        org.pockettts.audio.Audio audio = org.pockettts.audio.WavReader.read(Fixtures.tiny("voice.wav"));
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> model.voiceFromAudio(audio, "interrupted")).isInstanceOf(PocketTtsException.class)
                    .hasMessage("Interrupted while preparing the voice interrupted");
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(model.voiceFromAudio(audio, "again").frames()).isEqualTo(voice.frames());
    }

    @Test
    void emptyTextIsRefused() {
        for (String text : new String[] {"", "   ", "\n\t"}) {
            assertThatThrownBy(() -> model.generate(voice, text)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("empty");
        }
    }

    @Test
    void invalidWavVoiceIsRefusedWithTheReason() throws IOException {
        Path notWav = dir.resolve("voice.wav");
        Files.writeString(notWav, "this is not audio");
        assertThatThrownBy(() -> model.voice(notWav)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("voice.wav");
        Path truncated = dir.resolve("cut.wav");
        byte[] whole = Files.readAllBytes(Fixtures.tiny("voice.wav"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, 30));
        assertThatThrownBy(() -> model.voice(truncated)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cut.wav");
        assertThatThrownBy(() -> model.voice(dir.resolve("absent.wav"))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void wrongShapedVoiceEmbeddingIsRefused() throws IOException {
        Path file = dir.resolve("wide.safetensors");
        SafeTensorsWriter.write(file, Map.of("audio_prompt", new FloatTensor(new long[] {1, 3, 65}, new float[195])),
                Map.of());
        assertThatThrownBy(() -> model.voice(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("[1, 3, 65]").hasMessageContaining("[1, frames, 64]");
        Path other = dir.resolve("other.safetensors");
        SafeTensorsWriter.write(other, Map.of("weights", new FloatTensor(new long[] {2}, new float[2])), Map.of());
        assertThatThrownBy(() -> model.voice(other)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no 'audio_prompt'");
    }

    @Test
    void textTooLongForTheContextIsRefused() {
        String sentence = "word ".repeat(1200).trim();
        assertThatThrownBy(() -> model.generate(voice, sentence)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("too long for the model's context").hasMessageContaining("1000 positions");
    }

    @Test
    void maximumLengthWithoutEosIsAnErrorWhenAsked() {
        GenerationOptions strict = DETERMINISTIC.withEosThreshold(1e9f).withErrorWithoutEos(true);
        assertThatThrownBy(() -> model.generate(voice, "Hello world.", strict)).isInstanceOf(PocketTtsException.class)
                .hasMessageContaining("maximum length");
    }

    @Test
    void framesAfterEosIsHonouredWhenGiven() {
        // gen1 of the fixture: EOS at the first frame; by default 3 frames after it (2 emitted after the first).
        GenerationOptions options = DETERMINISTIC.withEosThreshold(-5.830227375030518f);
        String text = "Hello world, this is a test of the voice cloning path.";
        assertThat(model.generate(voice, text, options)).hasSize(6 * 1920);
        assertThat(model.generate(voice, text, options.withFramesAfterEos(0))).hasSize(3 * 1920);
        assertThat(model.generate(voice, text, options.withFramesAfterEos(5))).hasSize(8 * 1920);
    }

    @Test
    void weightsWithoutATensorAreRefusedNamingIt() throws IOException {
        Path weights = dir.resolve("tiny.safetensors");
        try (SafeTensors st = SafeTensors.open(Fixtures.tiny("tiny.safetensors"))) {
            Map<String, FloatTensor> all = new LinkedHashMap<>();
            for (String name : st.names()) {
                if (!name.equals("flow_lm.out_eos.bias")) {
                    all.put(name, st.tensor(name));
                }
            }
            SafeTensorsWriter.write(weights, all, Map.of());
        }
        Files.copy(Fixtures.tiny("tokenizer.model"), dir.resolve("tokenizer.model"));
        Files.copy(Fixtures.tiny("tiny.yaml"), dir.resolve("tiny.yaml"));
        assertThatThrownBy(() -> TtsModel.load(dir.resolve("tiny.yaml"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("'flow_lm.out_eos.bias' is missing");
    }

    @Test
    void missingWeightsFileIsAClearError() throws IOException {
        Files.copy(Fixtures.tiny("tiny.yaml"), dir.resolve("tiny.yaml"));
        Files.copy(Fixtures.tiny("tokenizer.model"), dir.resolve("tokenizer.model"));
        assertThatThrownBy(() -> TtsModel.load(dir.resolve("tiny.yaml"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tiny.safetensors").hasMessageContaining("not found");
        assertThatThrownBy(() -> TtsModel.load(ModelConfig.builtin("b6369a24"), ModelFiles.localOnly()))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("downloads are not enabled");
    }
}
