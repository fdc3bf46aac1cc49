package org.pockettts.wyoming;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.pockettts.GenerationOptions;

/**
 * The settings of a {@link WyomingServer}; made by {@link #builder()}, which checks each against its
 * limit and says what is wrong.
 *
 * @param host the interface to listen on ({@code 0.0.0.0} for all)
 * @param port the port, 0 for a free one
 * @param maxConcurrent generations running at once, shared by all connections; more wait their turn
 * @param maxConnections connections served at once; one more is answered {@code server-busy} and closed
 * @param maxTextChars longest text of one {@code synthesize}, or of one stream added up
 * @param options the generation options of every request (the protocol has none of its own)
 * @param defaultVoice the voice of requests that name none: a predefined name, a file or a URL; null
 *     for the model's default
 * @param voicesFolder the folder of saved voices, listed and usable by name; null for none
 * @param zeroconfName the name announced over mDNS as {@code _wyoming._tcp}; null announces nothing
 * @param shutdownGrace how long running generations may go on when the server stops
 * @param writeTimeout how long a client may take nothing while audio is sent to it before it is
 *     disconnected (its generation would hold a slot for ever)
 */
public record WyomingConfig(String host, int port, int maxConcurrent, int maxConnections, int maxTextChars,
                            GenerationOptions options, String defaultVoice, Path voicesFolder, String zeroconfName,
                            Duration shutdownGrace, Duration writeTimeout) {

    /** The address of the command line's default, as wyoming-piper and the other Wyoming servers listen. */
    public static final String DEFAULT_URI = "tcp://0.0.0.0:10200";
    /** Most connections at once: {@value}. */
    public static final int MAX_CONNECTIONS_LIMIT = 1024;
    /** Most generations at once: {@value}. */
    public static final int MAX_CONCURRENT_LIMIT = 64;
    /** How long a client may take no audio before it is disconnected: 30 s. */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Longest text limit that may be set: {@value} characters (the HTTP server's upper bound too). */
    public static final int MAX_TEXT_CHARS_LIMIT = 1_000_000;

    public WyomingConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
    }

    /** These settings with another default voice. */
    public WyomingConfig withDefaultVoice(String value) {
        return new WyomingConfig(host, port, maxConcurrent, maxConnections, maxTextChars, options, value, voicesFolder,
                zeroconfName, shutdownGrace, writeTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WyomingConfig}; {@link #build()} throws {@link IllegalArgumentException} naming a bad value. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 10200;
        private int maxConcurrent = Runtime.getRuntime().availableProcessors();
        private int maxConnections = 64;
        private int maxTextChars = 50_000;
        private GenerationOptions options = GenerationOptions.defaults();
        private String defaultVoice;
        private Path voicesFolder;
        private String zeroconfName;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;

        private Builder() {
        }

        /**
         * Host and port from a Wyoming URI, {@code tcp://HOST:PORT} ({@code [::1]} for IPv6).
         *
         * @throws IllegalArgumentException for another scheme, or a missing host or port
         */
        public Builder uri(String uri) {
            URI parsed;
            try {
                parsed = new URI(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Invalid --uri '" + uri + "': write tcp://HOST:PORT, e.g. "
                        + DEFAULT_URI);
            }
            if (!"tcp".equalsIgnoreCase(parsed.getScheme())) {
                throw new IllegalArgumentException("Unsupported --uri '" + uri + "': only tcp://HOST:PORT is supported,"
                        + " e.g. " + DEFAULT_URI);
            }
            if (parsed.getHost() == null || parsed.getPort() < 0
                    || (parsed.getPath() != null && !parsed.getPath().isEmpty()) || parsed.getQuery() != null) {
                throw new IllegalArgumentException("Invalid --uri '" + uri + "': write tcp://HOST:PORT with both a host"
                        + " and a port, e.g. " + DEFAULT_URI);
            }
            String h = parsed.getHost();
            host = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
            port = parsed.getPort();
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder maxConcurrent(int value) {
            maxConcurrent = value;
            return this;
        }

        public Builder maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        public Builder maxTextChars(int value) {
            maxTextChars = value;
            return this;
        }

        public Builder options(GenerationOptions value) {
            options = value;
            return this;
        }

        public Builder defaultVoice(String value) {
            defaultVoice = value;
            return this;
        }

        public Builder voicesFolder(Path value) {
            voicesFolder = value;
            return this;
        }

        public Builder zeroconfName(String value) {
            zeroconfName = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder writeTimeout(Duration value) {
            writeTimeout = value;
            return this;
        }

        public WyomingConfig build() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("The port must be 0 to 65535, not " + port);
            }
            check("--max-concurrent", maxConcurrent, MAX_CONCURRENT_LIMIT);
            check("--max-connections", maxConnections, MAX_CONNECTIONS_LIMIT);
            check("--max-text-chars", maxTextChars, MAX_TEXT_CHARS_LIMIT);
            if (zeroconfName != null && (zeroconfName.isBlank() || zeroconfName.length() > 63
                    || zeroconfName.contains("."))) {
                throw new IllegalArgumentException("The --zeroconf name must be 1 to 63 characters without '.', not '"
                        + zeroconfName + "'");
            }
            if (writeTimeout.isNegative() || writeTimeout.isZero()) {
                throw new IllegalArgumentException("The write timeout must be above 0, not " + writeTimeout);
            }
            return new WyomingConfig(host, port, maxConcurrent, maxConnections, maxTextChars, options, defaultVoice,
                    voicesFolder, zeroconfName, shutdownGrace, writeTimeout);
        }

        private static void check(String option, int value, int limit) {
            if (value < 1 || value > limit) {
                throw new IllegalArgumentException(option + " must be 1 to " + limit + ", not " + value);
            }
        }
    }
}
