package org.pockettts.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and how {@link HubClient} fetches files, read from the same environment variables as the
 * Python {@code huggingface_hub} library so that both share one cache and one login:
 * <ul>
 *   <li>{@code HF_HOME}: the Hugging Face folder, by default {@code $XDG_CACHE_HOME/huggingface} or
 *       {@code ~/.cache/huggingface};</li>
 *   <li>{@code HF_HUB_CACHE} (formerly {@code HUGGINGFACE_HUB_CACHE}): the download cache, by default
 *       {@code $HF_HOME/hub};</li>
 *   <li>{@code HF_ENDPOINT}: the Hub's address, by default {@code https://huggingface.co};</li>
 *   <li>{@code HF_TOKEN}, else {@code HUGGING_FACE_HUB_TOKEN}, else the file {@code HF_TOKEN_PATH} (by
 *       default {@code $HF_HOME/token}, written by {@code hf auth login}): the access token;</li>
 *   <li>{@code HF_HUB_OFFLINE} (or {@code TRANSFORMERS_OFFLINE}) set to 1, true, yes or on: use the cache only;</li>
 *   <li>{@code HF_HUB_ETAG_TIMEOUT}, {@code HF_HUB_DOWNLOAD_TIMEOUT}: seconds to wait for an answer to
 *       the metadata request and for data during a download.</li>
 * </ul>
 * Plain {@code http(s)://} files are cached in {@code $XDG_CACHE_HOME/pocket_tts} or
 * {@code ~/.cache/pocket_tts}, as the Python {@code pocket-tts} does.
 *
 * @param endpoint        the Hub's address, without a trailing slash
 * @param hubCache        folder of the Hub download cache
 * @param urlCache        folder for files downloaded from plain web addresses
 * @param token           access token sent to the Hub, or null
 * @param tokenSource     where the token came from (for messages), or null without a token
 * @param offline         whether to use cached files only and never the network
 * @param connectTimeout  how long to wait for a connection
 * @param metadataTimeout how long to wait for the answer to a metadata request
 * @param readTimeout     how long to wait for the start of a download, and for more data during one
 */
public record HubSettings(URI endpoint, Path hubCache, Path urlCache, String token, String tokenSource,
                          boolean offline, Duration connectTimeout, Duration metadataTimeout, Duration readTimeout) {

    private static final Logger LOG = LoggerFactory.getLogger(HubSettings.class);

    /** The public Hub. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");

    /** Checks the settings; the endpoint must be an {@code http(s)} address. */
    public HubSettings {
        if (endpoint == null || endpoint.getHost() == null
                || !("http".equalsIgnoreCase(endpoint.getScheme()) || "https".equalsIgnoreCase(endpoint.getScheme()))) {
            throw new IllegalArgumentException("The Hub endpoint '" + endpoint + "' is not an http(s) address;"
                    + " check HF_ENDPOINT");
        }
        endpoint = URI.create(endpoint.toString().replaceAll("/+$", ""));
        if (hubCache == null || urlCache == null || connectTimeout == null || metadataTimeout == null || readTimeout == null) {
            throw new IllegalArgumentException("cache folders and timeouts are required");
        }
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null) {
            tokenSource = null;
        } else if (tokenSource == null) {
            tokenSource = "the settings";
        }
    }

    /** Settings from the process environment, as {@link #fromEnvironment(Map)} reads them. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Settings from {@code env}, a map of environment variables, as described above. The home folder
     * is {@code HOME} from that map, else the {@code user.home} system property.
     */
    public static HubSettings fromEnvironment(Map<String, String> env) {
        String homeVariable = nonEmpty(env.get("HOME"));
        Path home = Path.of(homeVariable != null ? homeVariable : System.getProperty("user.home"));
        String cacheHomeVariable = nonEmpty(env.get("XDG_CACHE_HOME"));
        Path cacheHome = cacheHomeVariable != null ? expand(cacheHomeVariable, env, home) : home.resolve(".cache");

        String hfHomeVariable = nonEmpty(env.get("HF_HOME"));
        Path hfHome = hfHomeVariable != null ? expand(hfHomeVariable, env, home) : cacheHome.resolve("huggingface");
        String hubCacheVariable = firstNonEmpty(env.get("HF_HUB_CACHE"), env.get("HUGGINGFACE_HUB_CACHE"));
        Path hubCache = hubCacheVariable != null ? expand(hubCacheVariable, env, home) : hfHome.resolve("hub");

        String endpointVariable = nonEmpty(env.get("HF_ENDPOINT"));
        URI endpoint;
        try {
            endpoint = endpointVariable != null ? URI.create(endpointVariable.trim()) : DEFAULT_ENDPOINT;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("HF_ENDPOINT '" + endpointVariable + "' is not a valid address", e);
        }

        String token = cleanToken(env.get("HF_TOKEN"));
        String tokenSource = "HF_TOKEN";
        if (token == null) {
            token = cleanToken(env.get("HUGGING_FACE_HUB_TOKEN"));
            tokenSource = "HUGGING_FACE_HUB_TOKEN";
        }
        if (token == null) {
            String tokenPathVariable = nonEmpty(env.get("HF_TOKEN_PATH"));
            Path tokenFile = tokenPathVariable != null ? expand(tokenPathVariable, env, home) : hfHome.resolve("token");
            token = readTokenFile(tokenFile);
            tokenSource = "the token file " + tokenFile;
        }

        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        return new HubSettings(endpoint, hubCache, cacheHome.resolve("pocket_tts"), token, tokenSource, offline,
                Duration.ofSeconds(10),
                seconds(env, "HF_HUB_ETAG_TIMEOUT", 10),
                seconds(env, "HF_HUB_DOWNLOAD_TIMEOUT", 60));
    }

    /** These settings with another folder for files from plain web addresses. */
    public HubSettings withUrlCache(Path folder) {
        return new HubSettings(endpoint, hubCache, folder, token, tokenSource, offline, connectTimeout, metadataTimeout, readTimeout);
    }

    /** These settings with offline mode on or off. */
    public HubSettings withOffline(boolean offlineMode) {
        return new HubSettings(endpoint, hubCache, urlCache, token, tokenSource, offlineMode, connectTimeout, metadataTimeout, readTimeout);
    }

    /** These settings with another token (null: none), described as coming from {@code source}. */
    public HubSettings withToken(String newToken, String source) {
        return new HubSettings(endpoint, hubCache, urlCache, newToken, source, offline, connectTimeout, metadataTimeout, readTimeout);
    }

    /** These settings with other timeouts. */
    public HubSettings withTimeouts(Duration connect, Duration metadata, Duration read) {
        return new HubSettings(endpoint, hubCache, urlCache, token, tokenSource, offline, connect, metadata, read);
    }

    /** Whether offline mode is asked for by {@code value}: 1, on, yes or true in any case, as huggingface_hub reads it. */
    public static boolean isTrue(String value) {
        return value != null && TRUE_VALUES.contains(value.trim().toUpperCase(Locale.ROOT));
    }

    /** Keeps the token out of logs and messages. */
    @Override
    public String toString() {
        return "HubSettings[endpoint=" + endpoint + ", hubCache=" + hubCache + ", urlCache=" + urlCache
                + ", token=" + (token == null ? "none" : "from " + tokenSource) + ", offline=" + offline
                + ", connectTimeout=" + connectTimeout + ", metadataTimeout=" + metadataTimeout
                + ", readTimeout=" + readTimeout + "]";
    }

    private static String readTokenFile(Path file) {
        try {
            return Files.isRegularFile(file) ? cleanToken(Files.readString(file, StandardCharsets.UTF_8)) : null;
        } catch (IOException e) {
            LOG.warn("Cannot read the Hugging Face token file {}: {}", file, e.getMessage());
            return null;
        }
    }

    /** Line breaks and surrounding blanks are dropped, as huggingface_hub does; nothing left means no token. */
    private static String cleanToken(String raw) {
        if (raw == null) {
            return null;
        }
        String token = raw.replace("\r", "").replace("\n", "").strip();
        return token.isEmpty() ? null : token;
    }

    private static Duration seconds(Map<String, String> env, String name, long defaultSeconds) {
        String value = nonEmpty(env.get(name));
        if (value == null) {
            return Duration.ofSeconds(defaultSeconds);
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return Duration.ofSeconds(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("Ignoring {}={}: not a positive number of seconds", name, value);
        return Duration.ofSeconds(defaultSeconds);
    }

    /** {@code ~} and {@code $VARIABLE}s expanded, as Python's expanduser and expandvars do (unknown variables stay). */
    static Path expand(String value, Map<String, String> env, Path home) {
        String expanded = value;
        if (expanded.equals("~")) {
            expanded = home.toString();
        } else if (expanded.startsWith("~/")) {
            expanded = home + expanded.substring(1);
        }
        Matcher m = VARIABLE.matcher(expanded);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String replacement = env.get(name);
            if (replacement == null && name.equals("HOME")) {
                replacement = home.toString();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement != null ? replacement : m.group()));
        }
        m.appendTail(out);
        return Path.of(out.toString());
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String firstNonEmpty(String first, String second) {
        String value = nonEmpty(first);
        return value != null ? value : nonEmpty(second);
    }
}
