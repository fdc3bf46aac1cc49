package org.pockettts.batch;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.pockettts.Voice;
import org.pockettts.api.PocketTtsException;

/**
 * Prompted voices by their spec (a predefined name, file or URL), so that each distinct voice of a
 * run is prompted once and reused by every row that names it; rows asking for a new voice at the
 * same time wait for one prompting. Least recently used voices leave first, beyond
 * {@link #MAX_BYTES} of voice state or {@link #MAX_ENTRIES} voices.
 *
 * <p>A voice that could not be made (an unreadable file, a failed download) is remembered as failed
 * like a made one, so that its other rows fail at once with the same message instead of trying again.
 */
public final class VoiceCache {

    /** Most memory the cached voices hold: about ten 10-second voices of the full-size model. */
    public static final long MAX_BYTES = 64L << 20;
    /** Most voices (and failures) kept. */
    public static final int MAX_ENTRIES = 256;

    private final Function<String, Voice> prompter;
    private final long maxBytes;
    private final int maxEntries;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    private static final class Entry {
        final CompletableFuture<Voice> voice = new CompletableFuture<>();
        long bytes;
    }

    /** A cache with the documented bounds. */
    public VoiceCache(Function<String, Voice> prompter) {
        this(prompter, MAX_BYTES, MAX_ENTRIES);
    }

    VoiceCache(Function<String, Voice> prompter, long maxBytes, int maxEntries) {
        this.prompter = prompter;
        this.maxBytes = maxBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * The voice of {@code spec}, prompted on this thread unless cached or being prompted by another.
     *
     * @throws PocketTtsException (or another runtime exception) as prompting it did
     */
    public Voice get(String spec) {
        Entry entry;
        boolean mine;
        synchronized (this) {
            entry = entries.get(spec);
            mine = entry == null;
            if (mine) {
                entry = new Entry();
                entries.put(spec, entry);
            }
        }
        if (mine) {
            try {
                Voice voice = prompter.apply(spec);
                synchronized (this) {
                    entry.bytes = voice.sizeInBytes();
                    bytes += entry.bytes;
                }
                entry.voice.complete(voice);
            } catch (RuntimeException | Error e) {
                entry.voice.completeExceptionally(e);
            }
            evict();
        }
        return await(entry.voice);
    }

    /** Voices (and failures) held now. */
    public synchronized int size() {
        return entries.size();
    }

    private synchronized void evict() {
        Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
        while ((bytes > maxBytes || entries.size() > maxEntries) && eldest.hasNext()) {
            Entry e = eldest.next().getValue();
            if (e.voice.isDone()) {
                bytes -= e.bytes;
                eldest.remove();
            }
        }
    }

    private static Voice await(CompletableFuture<Voice> voice) {
        try {
            return voice.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PocketTtsException("Interrupted while waiting for a voice", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new PocketTtsException("Preparing a voice failed", e.getCause());
        }
    }
}
