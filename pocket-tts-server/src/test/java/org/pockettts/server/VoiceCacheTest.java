package org.pockettts.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pockettts.api.InvalidInputException;
import org.pockettts.Voice;
import org.pockettts.testing.Fixtures;

/** The voice cache: least recently used out beyond its memory, one load per key, failures not kept. */
class VoiceCacheTest {

    private static TestServer fixture;
    private static Voice voice;

    @BeforeAll
    static void load() {
        fixture = new TestServer();
        voice = fixture.model.voice(Fixtures.tiny("voice_embedding.safetensors"));
    }

    @AfterAll
    static void unload() {
        fixture.close();
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondItsMemory() throws Exception {
        VoiceCache cache = new VoiceCache(voice.sizeInBytes() * 5 / 2);
        AtomicInteger loads = new AtomicInteger();
        cache.get("a", () -> { loads.incrementAndGet(); return voice; });
        cache.get("b", () -> { loads.incrementAndGet(); return voice; });
        cache.get("a", () -> { loads.incrementAndGet(); return voice; }); // a is now the most recent
        cache.get("c", () -> { loads.incrementAndGet(); return voice; }); // evicts b
        assertThat(loads).hasValue(3);
        assertThat(cache.entries()).isEqualTo(2);
        assertThat(cache.bytes()).isEqualTo(2 * voice.sizeInBytes());
        cache.get("a", () -> { loads.incrementAndGet(); return voice; });
        assertThat(loads).hasValue(3);
        cache.get("b", () -> { loads.incrementAndGet(); return voice; });
        assertThat(loads).hasValue(4);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.misses()).isEqualTo(4);
    }

    @Test
    void aVoiceLargerThanTheCacheIsNotKept() throws Exception {
        VoiceCache cache = new VoiceCache(voice.sizeInBytes() - 1);
        assertThat(cache.get("a", () -> voice)).isSameAs(voice);
        assertThat(cache.entries()).isZero();
    }

    @Test
    void concurrentRequestsForANewVoiceLoadItOnce() throws Exception {
        VoiceCache cache = new VoiceCache(1L << 30);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Voice> first = CompletableFuture.supplyAsync(() -> get(cache, "x", () -> {
            loads.incrementAndGet();
            loading.countDown();
            await(release);
            return voice;
        }));
        loading.await();
        CompletableFuture<Voice> second = CompletableFuture.supplyAsync(() -> get(cache, "x", () -> {
            loads.incrementAndGet();
            return voice;
        }));
        release.countDown();
        assertThat(first.get()).isSameAs(voice);
        assertThat(second.get()).isSameAs(voice);
        assertThat(loads).hasValue(1);
    }

    @Test
    void failuresAreNotKept() throws Exception {
        VoiceCache cache = new VoiceCache(1L << 30);
        assertThatThrownBy(() -> cache.get("url", () -> {
            throw new InvalidInputException("not reachable");
        })).isInstanceOf(InvalidInputException.class);
        assertThat(cache.get("url", () -> voice)).isSameAs(voice);
    }

    private static Voice get(VoiceCache cache, String key, java.util.function.Supplier<Voice> loader) {
        try {
            return cache.get(key, loader);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
