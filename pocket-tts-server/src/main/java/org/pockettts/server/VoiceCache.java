package org.pockettts.server;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.pockettts.Voice;

/**
 * Prompted voices by key (a voice URL, or a hash of uploaded audio), least recently used first
 * out, bounded by the memory the voices hold ({@link Voice#sizeInBytes()}). Prompting a voice is
 * the costly part of a request with a new voice, so a repeated voice costs nothing; and when several
 * requests ask for the same new voice at once, it is made once and the others wait for it. Failures
 * are not kept: a URL that failed may work later.
 */
final class VoiceCache {

    private final long capacityBytes;
    private final LinkedHashMap<String, Voice> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, CompletableFuture<Voice>> loading = new HashMap<>();
    private long bytes;
    private long hits;
    private long misses;

    VoiceCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** The voice under {@code key} if it is cached (counted as a hit), else null. */
    synchronized Voice peek(String key) {
        Voice cached = entries.get(key);
        if (cached != null) {
            hits++;
        }
        return cached;
    }

    /** The voice under {@code key}, made by {@code loader} (on this thread) when it is not cached. */
    Voice get(String key, Supplier<Voice> loader) throws InterruptedException {
        CompletableFuture<Voice> mine;
        CompletableFuture<Voice> theirs;
        synchronized (this) {
            Voice cached = entries.get(key);
            if (cached != null) {
                hits++;
                return cached;
            }
            theirs = loading.get(key);
            if (theirs == null) {
                misses++;
                mine = new CompletableFuture<>();
                loading.put(key, mine);
            } else {
                hits++;
                mine = null;
            }
        }
        if (theirs != null) {
            return await(theirs);
        }
        try {
            Voice voice = loader.get();
            synchronized (this) {
                loading.remove(key);
                put(key, voice);
            }
            mine.complete(voice);
            return voice;
        } catch (RuntimeException | Error e) {
            synchronized (this) {
                loading.remove(key);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static Voice await(CompletableFuture<Voice> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void put(String key, Voice voice) {
        long size = voice.sizeInBytes();
        if (size > capacityBytes) {
            return;
        }
        Voice previous = entries.put(key, voice);
        if (previous != null) {
            bytes -= previous.sizeInBytes();
        }
        bytes += size;
        Iterator<Map.Entry<String, Voice>> eldest = entries.entrySet().iterator();
        while (bytes > capacityBytes && eldest.hasNext()) {
            Map.Entry<String, Voice> e = eldest.next();
            bytes -= e.getValue().sizeInBytes();
            eldest.remove();
        }
    }

    synchronized int entries() {
        return entries.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
