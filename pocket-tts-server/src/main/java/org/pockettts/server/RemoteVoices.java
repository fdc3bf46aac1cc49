package org.pockettts.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import org.pockettts.TtsModel;
import org.pockettts.VoiceInput;
import org.pockettts.hub.HubLocation;

/**
 * Voices named by a client's URL: {@code hf://owner/repo/path@revision} (a file on the server's
 * Hugging Face Hub) or {@code http(s)://}. Fetched under the server's {@link VoiceUrlPolicy} with the
 * {@link UrlFetcher}'s limits, checked to be a usable voice ({@link VoiceContent}) and only then kept
 * in the {@link VoiceFiles}.
 *
 * <p>The Hub itself (the configured endpoint) is trusted, as it is where the model comes from; where
 * its files redirect to is checked as any other address. No token is ever sent: a client's URL is not
 * the operator's business with the Hub. A client is told whether a fetch failed, never how (refused,
 * not found, timed out, not a public address all read the same), so the server cannot be used to
 * map networks; the log says how.
 */
final class RemoteVoices {

    private static final int MAX_URL_LENGTH = 2048;

    private final TtsModel model;
    private final VoiceUrlPolicy policy;
    private final URI hubEndpoint;
    private final UrlFetcher fetcher;
    private final VoiceFiles files;
    private final Network network;

    RemoteVoices(TtsModel model, VoiceUrlPolicy policy, URI hubEndpoint, UrlFetcher fetcher, VoiceFiles files,
                 Network network) {
        this.model = model;
        this.policy = policy;
        this.hubEndpoint = hubEndpoint;
        this.fetcher = fetcher;
        this.files = files;
        this.network = network;
    }

    /**
     * The checked content of the voice at {@code spec}.
     *
     * @throws ApiException 400 for a malformed URL, 403 for a URL this server does not fetch, 422 for
     *     one that cannot be fetched or is not a usable voice
     * @throws InterruptedException when the request's thread is interrupted (its client went away)
     */
    VoiceInput get(String spec) throws InterruptedException {
        Target target = target(spec);
        Optional<byte[]> kept = files.get(spec);
        if (kept.isPresent()) {
            return VoiceContent.check(kept.get(), spec, model);
        }
        byte[] body;
        try {
            body = fetcher.fetch(target.url(), target.rule());
        } catch (FetchException e) {
            throw switch (e.reason()) {
                case TOO_LARGE -> new ApiException(422, "The voice at " + shown(spec) + " is larger than "
                        + Sizes.megabytes(fetcher.maxBytes()) + ", the most this server fetches; use a shorter"
                        + " recording (only the first " + (int) ServerConfig.MAX_PROMPT_SECONDS + " s are used)", e);
                case FAILED -> new ApiException(422, "Cannot fetch the voice " + shown(spec) + ": the download failed. "
                        + target.rules() + " Check the URL, or upload the recording as voice_wav.", e);
            };
        }
        VoiceInput content = VoiceContent.check(body, spec, model);
        files.put(spec, body);
        return content;
    }

    /** Where to fetch {@code spec} from, and which addresses each hop may connect to. */
    private record Target(URI url, UrlFetcher.AddressRule rule, String rules) {
    }

    private Target target(String spec) {
        if (spec.length() > MAX_URL_LENGTH) {
            throw ApiException.badRequest("The voice URL is too long: at most " + MAX_URL_LENGTH + " characters");
        }
        String limits = "Voices are fetched within " + fetcher.timeout().toSeconds() + " s, following at most "
                + fetcher.maxRedirects() + " redirects.";
        if (spec.startsWith("hf://")) {
            HubLocation location;
            try {
                location = HubLocation.parse(spec);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage());
            }
            UrlFetcher.AddressRule rule = (hop, address) -> sameOrigin(hop, hubEndpoint)
                    || policy == VoiceUrlPolicy.ANY || network.isPublic().test(address);
            return new Target(location.toUrl(hubEndpoint), rule, "It must be a public file on the Hub. " + limits);
        }
        if (policy == VoiceUrlPolicy.NONE) {
            throw ApiException.forbidden("This server does not fetch voices from http(s) URLs: upload the recording"
                    + " as voice_wav, or name a predefined or hf:// voice");
        }
        URI url = httpUrl(spec);
        if (policy == VoiceUrlPolicy.ANY) {
            return new Target(url, (hop, address) -> true, limits);
        }
        return new Target(url, (hop, address) -> network.isPublic().test(address),
                "This server fetches voices only from public internet addresses. " + limits);
    }

    private static URI httpUrl(String spec) {
        URI url;
        try {
            url = new URI(spec);
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("Invalid voice URL " + shown(spec) + ": " + e.getReason());
        }
        if (url.getHost() == null) {
            throw ApiException.badRequest("Invalid voice URL " + shown(spec) + ": it names no host (write host"
                    + " names in ASCII, without user names)");
        }
        if (url.getRawUserInfo() != null) {
            throw ApiException.badRequest("Invalid voice URL " + shown(spec) + ": user names and passwords in"
                    + " voice URLs are not supported");
        }
        return url;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A client's URL as shown back to it: its own words, but not a page of them. */
    private static String shown(String spec) {
        return spec.length() <= 200 ? spec : spec.substring(0, 197) + "...";
    }
}
