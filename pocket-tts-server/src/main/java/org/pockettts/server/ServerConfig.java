package org.pockettts.server;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.pockettts.GenerationOptions;
import org.pockettts.SavedVoices;

/**
 * How a {@link TtsServer} listens and how much it takes on. Build one with {@link #builder()}; every
 * setting has a default.
 *
 * @param host interface to bind to ({@code localhost} by default; {@code 0.0.0.0} for all)
 * @param port TCP port; 0 picks a free one (see {@link TtsServer#port()})
 * @param defaultVoice the voice used when a request names none: a predefined name, an
 *     {@code hf://} or {@code http(s)://} URL, or a local file of the server; null for the model's
 *     default voice ({@link org.pockettts.TtsModel#defaultVoiceName()})
 * @param maxConcurrent generations running at once; further requests wait in the queue
 * @param maxQueue requests that may wait for a generation slot; beyond them the answer is 503
 * @param corsOrigins origins allowed to call the API from a browser (none: same origin only)
 * @param maxUploadBytes largest accepted voice upload (a larger request is answered 413), and largest
 *     voice file fetched from a URL
 * @param maxJsonBytes largest accepted JSON or URL-encoded body
 * @param voiceCacheBytes memory that cached voices (prompted states) may hold
 * @param shutdownGrace how long a stopping server lets running generations finish before it cuts them
 * @param retryAfterSeconds the {@code Retry-After} of a 503 answer
 * @param maxTextChars longest text (in characters) one request may ask to speak; longer is answered 413
 * @param maxAudioSeconds most audio one request may have, at most
 *     {@link GenerationOptions#MAX_AUDIO_SECONDS_LIMIT}: the generation's
 *     {@link GenerationOptions#maxAudioSeconds()}, which ends it there
 * @param voiceUrls which {@code http(s)://} voice URLs of clients are fetched
 * @param voiceFetchTimeout how long fetching one voice URL may take, redirects included
 * @param hubEndpoint the Hugging Face Hub that {@code hf://} voice URLs of clients are fetched from
 * @param voiceFileCache folder where voice files fetched from URLs are kept (made private to the user)
 * @param voiceFileCacheBytes disk space those files may take (0: none are kept)
 * @param voicesDir the folder of saved voices ({@link SavedVoices}), which requests may name like
 *     predefined voices and {@code /v1/audio/voices} adds to and deletes from; created when the first
 *     voice is saved
 */
public record ServerConfig(
        String host,
        int port,
        String defaultVoice,
        int maxConcurrent,
        int maxQueue,
        List<String> corsOrigins,
        long maxUploadBytes,
        long maxJsonBytes,
        long voiceCacheBytes,
        Duration shutdownGrace,
        int retryAfterSeconds,
        int maxTextChars,
        int maxAudioSeconds,
        VoiceUrlPolicy voiceUrls,
        Duration voiceFetchTimeout,
        URI hubEndpoint,
        Path voiceFileCache,
        long voiceFileCacheBytes,
        Path voicesDir) {

    /** Voice prompts (uploaded or fetched) are cut to this length, as the reference's server does. */
    public static final double MAX_PROMPT_SECONDS = 30.0;

    /** Redirects followed when fetching a voice URL. */
    public static final int MAX_VOICE_REDIRECTS = 5;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(voiceUrls, "voiceUrls");
        Objects.requireNonNull(voiceFetchTimeout, "voiceFetchTimeout");
        Objects.requireNonNull(hubEndpoint, "hubEndpoint");
        Objects.requireNonNull(voiceFileCache, "voiceFileCache");
        Objects.requireNonNull(voicesDir, "voicesDir");
        corsOrigins = List.copyOf(corsOrigins);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("max concurrent generations must be at least 1, got " + maxConcurrent);
        }
        if (maxQueue < 0) {
            throw new IllegalArgumentException("max queue must be at least 0, got " + maxQueue);
        }
        if (maxUploadBytes < 1 || maxJsonBytes < 1 || voiceCacheBytes < 0) {
            throw new IllegalArgumentException("size limits must be positive");
        }
        if (shutdownGrace.isNegative() || retryAfterSeconds < 0) {
            throw new IllegalArgumentException("shutdown grace and Retry-After must not be negative");
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("max text characters must be at least 1, got " + maxTextChars);
        }
        if (maxAudioSeconds < 1 || maxAudioSeconds > GenerationOptions.MAX_AUDIO_SECONDS_LIMIT) {
            throw new IllegalArgumentException("max audio seconds must be from 1 to "
                    + (int) GenerationOptions.MAX_AUDIO_SECONDS_LIMIT + ", got " + maxAudioSeconds);
        }
        if (voiceFetchTimeout.isNegative() || voiceFetchTimeout.isZero() || voiceFileCacheBytes < 0) {
            throw new IllegalArgumentException("the voice fetch timeout must be positive and the voice file cache"
                    + " not negative");
        }
    }

    /** A builder with the defaults: localhost:8000, the model's voice, one generation per core, a queue of 16. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ServerConfig}. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 8000;
        private String defaultVoice;
        private int maxConcurrent = Runtime.getRuntime().availableProcessors();
        private int maxQueue = 16;
        private List<String> corsOrigins = List.of();
        private long maxUploadBytes = 20L << 20;
        private long maxJsonBytes = 1L << 20;
        private long voiceCacheBytes = 256L << 20;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private int retryAfterSeconds = 2;
        private int maxTextChars = 50_000;
        private int maxAudioSeconds = 3600;
        private VoiceUrlPolicy voiceUrls = VoiceUrlPolicy.PUBLIC;
        private Duration voiceFetchTimeout = Duration.ofSeconds(30);
        private URI hubEndpoint = URI.create("https://huggingface.co");
        private Path voiceFileCache = Path.of(System.getProperty("user.home"), ".cache", "pocket_tts", "server-voices");
        private long voiceFileCacheBytes = 256L << 20;
        private Path voicesDir = SavedVoices.defaultFolder();

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder defaultVoice(String value) {
            defaultVoice = value;
            return this;
        }

        public Builder maxConcurrent(int value) {
            maxConcurrent = value;
            return this;
        }

        public Builder maxQueue(int value) {
            maxQueue = value;
            return this;
        }

        public Builder corsOrigins(List<String> value) {
            corsOrigins = value;
            return this;
        }

        public Builder maxUploadBytes(long value) {
            maxUploadBytes = value;
            return this;
        }

        public Builder maxJsonBytes(long value) {
            maxJsonBytes = value;
            return this;
        }

        public Builder voiceCacheBytes(long value) {
            voiceCacheBytes = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder retryAfterSeconds(int value) {
            retryAfterSeconds = value;
            return this;
        }

        public Builder maxTextChars(int value) {
            maxTextChars = value;
            return this;
        }

        public Builder maxAudioSeconds(int value) {
            maxAudioSeconds = value;
            return this;
        }

        public Builder voiceUrls(VoiceUrlPolicy value) {
            voiceUrls = value;
            return this;
        }

        public Builder voiceFetchTimeout(Duration value) {
            voiceFetchTimeout = value;
            return this;
        }

        public Builder hubEndpoint(URI value) {
            hubEndpoint = value;
            return this;
        }

        public Builder voiceFileCache(Path value) {
            voiceFileCache = value;
            return this;
        }

        public Builder voiceFileCacheBytes(long value) {
            voiceFileCacheBytes = value;
            return this;
        }

        public Builder voicesDir(Path value) {
            voicesDir = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, defaultVoice, maxConcurrent, maxQueue, corsOrigins, maxUploadBytes,
                    maxJsonBytes, voiceCacheBytes, shutdownGrace, retryAfterSeconds, maxTextChars, maxAudioSeconds,
                    voiceUrls, voiceFetchTimeout, hubEndpoint, voiceFileCache, voiceFileCacheBytes, voicesDir);
        }
    }
}
