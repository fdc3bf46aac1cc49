package org.pockettts.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.InvalidInputException;
import org.pockettts.testing.Fixtures;

/** Each voice is prompted once however many rows ask for it, and the cache stays within its bounds. */
class VoiceCacheTest {

    private final TtsModel model = Fixtures.tinyModel();
    private final String embedding = Fixtures.tiny("voice_embedding.safetensors").toString();

    @Test
    void rowsAskingAtOnceForANewVoiceShareOnePrompting() throws Exception {
        AtomicInteger prompted = new AtomicInteger();
        CountDownLatch allAsking = new CountDownLatch(1);
        VoiceCache cache = new VoiceCache(spec -> {
            prompted.incrementAndGet();
            try {
                // The other threads are asking by now: they all called get() before this is released.
                assertThat(allAsking.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return model.voice(spec);
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch started = new CountDownLatch(4);
        List<Future<Voice>> voices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            voices.add(pool.submit(() -> {
                started.countDown();
                return cache.get(embedding);
            }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        allAsking.countDown();
        Voice first = voices.get(0).get(60, TimeUnit.SECONDS);
        for (Future<Voice> v : voices) {
            assertThat(v.get(60, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(cache.get(embedding)).isSameAs(first);
        assertThat(prompted).hasValue(1);
        pool.shutdown();
    }

    @Test
    void leastRecentlyUsedVoicesLeaveBeyondTheByteBound() {
        AtomicInteger prompted = new AtomicInteger();
        long oneVoice = model.voice(embedding).sizeInBytes();
        VoiceCache cache = new VoiceCache(spec -> {
            prompted.incrementAndGet();
            return model.voice(spec.substring(spec.indexOf(':') + 1));
        }, 2 * oneVoice, VoiceCache.MAX_ENTRIES);
        cache.get("1:" + embedding);
        cache.get("2:" + embedding);
        cache.get("1:" + embedding);
        assertThat(prompted).hasValue(2);
        cache.get("3:" + embedding);   // over the bound: 2, the least recently used, leaves
        assertThat(cache.size()).isEqualTo(2);
        cache.get("1:" + embedding);
        assertThat(prompted).hasValue(3);
        cache.get("2:" + embedding);
        assertThat(prompted).hasValue(4);
    }

    @Test
    void theEntryBoundIsReachedAndKept() {
        VoiceCache cache = new VoiceCache(spec -> {
            throw new InvalidInputException("Unknown voice '" + spec + "'");
        });
        for (int i = 0; i < VoiceCache.MAX_ENTRIES + 10; i++) {
            int n = i;
            assertThatThrownBy(() -> cache.get("v" + n)).hasMessage("Unknown voice 'v" + n + "'");
        }
        assertThat(cache.size()).isEqualTo(VoiceCache.MAX_ENTRIES);
    }

    @Test
    void aVoiceThatFailedFailsAgainWithoutASecondTry() {
        AtomicInteger tries = new AtomicInteger();
        VoiceCache cache = new VoiceCache(spec -> {
            tries.incrementAndGet();
            throw new InvalidInputException("The voice recording " + spec + " is empty");
        });
        assertThatThrownBy(() -> cache.get("empty.wav")).hasMessage("The voice recording empty.wav is empty");
        assertThatThrownBy(() -> cache.get("empty.wav")).hasMessage("The voice recording empty.wav is empty");
        assertThat(tries).hasValue(1);
    }
}
