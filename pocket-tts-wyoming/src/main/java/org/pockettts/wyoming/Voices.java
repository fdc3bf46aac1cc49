package org.pockettts.wyoming;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.pockettts.SavedVoices;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.api.InvalidInputException;
import org.pockettts.api.PocketTtsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The voices a client may name: the model's predefined voices and the saved voices of the voices
 * folder, looked at anew on every request (a voice saved by the HTTP server is usable at once). A
 * prepared voice is kept for reuse: the {@link #CACHE_SIZE} most recently used, a saved one under its
 * file's size and time so that a replaced file is read again. Two requests for a voice not yet
 * prepared wait for one preparation.
 */
final class Voices {

    private static final Logger LOG = LoggerFactory.getLogger(Voices.class);
    /** Prepared voices kept: {@value} (a full-size voice is a few MB). */
    static final int CACHE_SIZE = 16;

    /** A voice as {@code info} lists it. */
    record Listed(String name, boolean saved) {
    }

    private final TtsModel model;
    private final Voice defaultVoice;
    private final SavedVoices saved;
    private final Map<String, CompletableFuture<Voice>> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Voice>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    /**
     * @param defaultVoiceSpec the voice of requests naming none (a name, a file, a URL); null for the
     *     model's default
     * @param folder the saved voices' folder, or null
     * @throws PocketTtsException when the default voice cannot be prepared
     */
    Voices(TtsModel model, String defaultVoiceSpec, Path folder) {
        this.model = model;
        this.saved = folder != null ? new SavedVoices(folder) : null;
        String spec = defaultVoiceSpec != null ? defaultVoiceSpec : model.defaultVoiceName();
        Optional<Path> savedFile = saved != null && !model.voiceNames().contains(spec) ? saved.file(spec) : Optional.empty();
        this.defaultVoice = savedFile.isPresent() ? model.voice(savedFile.get()) : model.voice(spec);
        if (model.voiceNames().contains(spec)) {
            cache.put(spec, CompletableFuture.completedFuture(defaultVoice));
        }
    }

    /** Every voice a client may name: the predefined ones in the model's order, then the saved ones by name. */
    List<Listed> list() {
        List<Listed> voices = new ArrayList<>();
        for (String name : model.voiceNames()) {
            voices.add(new Listed(name, false));
        }
        if (saved != null) {
            List<String> names;
            try {
                names = saved.names();
            } catch (UncheckedIOException e) {
                // The predefined voices are still offered; the log says what is wrong with the folder.
                LOG.warn("{}", e.getMessage());
                names = List.of();
            }
            for (String name : names) {
                // A predefined name wins: the file can only be used by a path.
                if (!model.voiceNames().contains(name)) {
                    voices.add(new Listed(name, true));
                }
            }
        }
        return voices;
    }

    /**
     * The voice called {@code name}, prepared; the default voice for null.
     *
     * @throws InvalidInputException for a name that is neither predefined nor saved
     * @throws PocketTtsException when the voice cannot be prepared
     */
    Voice voice(String name) throws InterruptedException {
        if (name == null) {
            return defaultVoice;
        }
        String key;
        if (model.voiceNames().contains(name)) {
            key = name;
        } else {
            Optional<Path> file = saved != null ? saved.file(name) : Optional.empty();
            if (file.isEmpty()) {
                throw unknown(name);
            }
            key = savedKey(name, file.get());
        }
        CompletableFuture<Voice> pending;
        boolean mine = false;
        synchronized (cache) {
            pending = cache.get(key);
            if (pending == null) {
                pending = new CompletableFuture<>();
                cache.put(key, pending);
                mine = true;
            }
        }
        if (mine) {
            try {
                pending.complete(key.equals(name) ? model.voice(name) : model.voice(saved.file(name).orElseThrow(
                        () -> unknown(name))));
            } catch (RuntimeException | Error e) {
                // Whatever happened, the requests waiting for this voice are told, and a later one tries again.
                forget(key, pending);
                pending.completeExceptionally(e);
            }
        }
        try {
            return pending.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new PocketTtsException("Cannot prepare the voice " + name, e.getCause());
        }
    }

    /** The cache key of a saved voice: its name, and its file's size and time, so that a new file is read anew. */
    private static String savedKey(String name, Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return "saved:" + name + ":" + attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "saved:" + name + ":unreadable";
        }
    }

    private void forget(String key, CompletableFuture<Voice> failed) {
        synchronized (cache) {
            cache.remove(key, failed);
        }
    }

    private InvalidInputException unknown(String name) {
        List<String> names = new ArrayList<>();
        for (Listed voice : list()) {
            names.add(voice.name());
        }
        String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
        return new InvalidInputException("Unknown voice '" + shown + "'. Available voices: " + String.join(", ", names));
    }
}
