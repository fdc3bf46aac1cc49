package org.pockettts.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.pockettts.SavedVoices;
import org.pockettts.TtsModel;
import org.pockettts.Voice;
import org.pockettts.VoiceInput;
import org.pockettts.api.InvalidInputException;

/**
 * Turns a request's {@link VoiceSource} into a prompted {@link Voice}, in two steps. {@link #prepare}
 * runs before the request takes a generation slot: it checks a name against the model's voices,
 * downloads a URL's file and reads an upload, so that a slow download or a broken file never holds a
 * slot. {@link #make} runs in the slot: it prompts the model with the voice (the costly part), through
 * the {@link VoiceCache}. The default voice is ready from the start. Prompts are cut to
 * {@link ServerConfig#MAX_PROMPT_SECONDS}. A name that is none of the model's voices is looked up
 * among the {@link SavedVoices}.
 */
final class VoiceLibrary {

    /** A voice ready to be made. */
    sealed interface Prepared {
        /** Nothing left to do. */
        record Ready(Voice voice) implements Prepared {
        }

        /** Made by {@code maker} unless the cache has it under {@code key} by then. */
        record ToMake(String key, Supplier<Voice> maker) implements Prepared {
        }
    }

    private final TtsModel model;
    private final EngineWork work;
    private final Voice defaultVoice;
    private final String defaultSpec;
    private final VoiceCache cache;
    private final RemoteVoices remote;
    private final SavedVoices saved;

    VoiceLibrary(TtsModel model, EngineWork work, Voice defaultVoice, String defaultSpec, VoiceCache cache,
                 RemoteVoices remote, SavedVoices saved) {
        this.saved = saved;
        this.model = model;
        this.work = work;
        this.defaultVoice = defaultVoice;
        this.defaultSpec = defaultSpec;
        this.cache = cache;
        this.remote = remote;
    }

    /** The name of the default voice as given at start. */
    String defaultSpec() {
        return defaultSpec;
    }

    /** The model's predefined voices, in its publisher's order. */
    List<String> names() {
        return model.voiceNames();
    }

    /**
     * Gets what {@code source} needs from the network or the request: a URL's file (unless its voice
     * is cached), an upload's audio.
     *
     * @throws ApiException 400 for a name that is none of the model's voices nor a saved one; other 4xx when the voice
     *     cannot be had (a URL that fails or is not allowed, a file that is not a usable voice, voice
     *     cloning unavailable)
     * @throws InterruptedException when the request's thread is interrupted (its client went away)
     */
    Prepared prepare(VoiceSource source) throws InterruptedException {
        return switch (source) {
            case VoiceSource.Default d -> new Prepared.Ready(defaultVoice);
            case VoiceSource.Predefined p when p.name().equals(defaultSpec) -> new Prepared.Ready(defaultVoice);
            case VoiceSource.Remote r when r.url().equals(defaultSpec) -> new Prepared.Ready(defaultVoice);
            case VoiceSource.Predefined p when !model.voiceNames().contains(p.name()) -> saved(p);
            case VoiceSource.Predefined p -> new Prepared.ToMake("voice:" + p.name(), () -> predefined(p.name()));
            case VoiceSource.Remote r -> {
                String key = "url:" + r.url();
                Voice cached = cache.peek(key);
                if (cached != null) {
                    yield new Prepared.Ready(cached);
                }
                yield toMake(key, remote.get(r.url()));
            }
            case VoiceSource.Uploaded u -> {
                String key = "upload:" + sha256(u.wav());
                Voice cached = cache.peek(key);
                if (cached != null) {
                    yield new Prepared.Ready(cached);
                }
                yield toMake(key, VoiceContent.check(u.wav(), u.filename(), model));
            }
        };
    }

    /**
     * The prompted voice.
     *
     * @throws ApiException 422 when the model refuses it (a prompt too long), 503 when a predefined
     *     voice cannot be loaded now
     * @throws InterruptedException when the request's thread is interrupted while it waits for another
     *     request making the same voice
     */
    Voice make(Prepared prepared) throws InterruptedException {
        return switch (prepared) {
            case Prepared.Ready r -> r.voice();
            case Prepared.ToMake m -> cache.get(m.key(), m.maker());
        };
    }

    /**
     * A saved voice of the folder, cached under its name and the identity of its file (a voice deleted
     * and saved again under the same name is a new file, so a stale voice is never served).
     */
    private Prepared saved(VoiceSource.Predefined p) {
        Optional<Path> file = saved.file(p.name());
        BasicFileAttributes attributes = null;
        if (file.isPresent()) {
            try {
                attributes = Files.readAttributes(file.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                // Deleted in the meantime: as unknown as a name that never was.
            }
        }
        if (attributes == null) {
            throw ApiException.badRequest("Unknown voice '" + VoiceSource.abbreviate(p.name()) + "' in " + p.field()
                    + ": give one of the predefined voices (" + String.join(", ", names()) + "), a saved voice (GET"
                    + " /v1/audio/voices lists them) or a URL starting with http://, https:// or hf://");
        }
        String key = "saved:" + p.name() + ":" + attributes.fileKey() + ":" + attributes.lastModifiedTime().toMillis();
        Voice cached = cache.peek(key);
        if (cached != null) {
            return new Prepared.Ready(cached);
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file.get());
        } catch (IOException e) {
            throw new ApiException(503, "The saved voice '" + p.name() + "' cannot be read now; try again later", e);
        }
        return toMake(key, VoiceContent.check(bytes, p.name(), model));
    }

    /** The folder of saved voices. */
    SavedVoices saved() {
        return saved;
    }

    private Prepared toMake(String key, VoiceInput input) {
        return new Prepared.ToMake(key, () -> {
            try {
                return work.voice(input);
            } catch (InvalidInputException e) {
                throw ApiException.unprocessable(e.getMessage());
            }
        });
    }

    /** A predefined voice, from the Hub through the model's own file resolver (as configured by the operator). */
    private Voice predefined(String name) {
        try {
            return model.voice(name, ServerConfig.MAX_PROMPT_SECONDS);
        } catch (InvalidInputException e) {
            // The message may hold cache paths and token sources: for the log, not for the client.
            throw new ApiException(503, "The voice '" + name + "' cannot be loaded now; try again later or choose"
                    + " another voice", e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
