package org.pockettts.hub;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * The messages of {@link DownloadException}s: each says what was fetched, from where, why it failed
 * and what to do, in one sentence or two, with no stack trace needed to understand it.
 */
final class Failures {

    private static final String OFFLINE_HINT = "check your connection, or set HF_HUB_OFFLINE=1 to use cached files";
    private static final String LOGIN_HINT = "set HF_TOKEN to a token of your account (or run `hf auth login`)";

    private Failures() {
    }

    /** The network failed before any answer came. */
    static DownloadException unreachable(String what, URI url, IOException cause) {
        return new DownloadException("Cannot download " + what + ": cannot reach " + origin(url)
                + " (" + reason(cause, url) + "); " + OFFLINE_HINT, cause);
    }

    /** The Hub answered a request for {@code location} with an error status. */
    static DownloadException hubStatus(HubLocation location, HubSettings settings, URI url, int status, HttpHeaders headers) {
        String code = headers.firstValue("X-Error-Code").orElse("");
        String serverMessage = headers.firstValue("X-Error-Message").map(m -> " (" + m + ")").orElse("");
        String repo = location.repoId();
        String prefix = "Cannot download " + location.path() + " from " + repo + ": ";
        if ((status == 401 || status == 403) && code.equals("RepoNotFound")) {
            return new DownloadException(prefix + "the repository " + repo + " was not found on " + settings.endpoint()
                    + " (HTTP " + status + "); check its name, and if it is private, " + LOGIN_HINT);
        }
        if (status == 401 || status == 403) {
            String tokenNote = settings.token() == null
                    ? " (no token was sent, HTTP " + status + ")"
                    : " (the token from " + settings.tokenSource() + " was refused, HTTP " + status + ")";
            return new AccessRestrictedException(prefix + "access to " + repo + " is restricted" + tokenNote
                    + ": accept the terms at " + location.repositoryPage(settings.endpoint()) + " and " + LOGIN_HINT);
        }
        if (status == 404) {
            String what = switch (code) {
                case "RevisionNotFound" -> "the repository has no revision " + location.revision()
                        + " (HTTP 404); check the revision";
                case "RepoNotFound" -> "there is no such repository on " + settings.endpoint()
                        + " (HTTP 404); check its name";
                default -> "there is no such file at revision " + location.revision() + " (HTTP 404 from " + url
                        + "); check the repository name, the file path and the revision";
            };
            return new DownloadException(prefix + what);
        }
        return new DownloadException(prefix + otherStatus(url, status) + serverMessage);
    }

    /** A plain web address answered with an error status. */
    static DownloadException urlStatus(URI url, int status) {
        String why = switch (status) {
            case 401, 403 -> "access was refused (HTTP " + status + ")";
            case 404, 410 -> "it was not found (HTTP " + status + "); check the address";
            default -> otherStatus(url, status);
        };
        return new DownloadException("Cannot download " + url + ": " + why);
    }

    private static String otherStatus(URI url, int status) {
        if (status == 429) {
            return origin(url) + " refused the request: too many requests (HTTP 429); wait a little and try again";
        }
        if (status >= 500) {
            return origin(url) + " failed with HTTP " + status + "; try again later, or set HF_HUB_OFFLINE=1 to use cached files";
        }
        return "unexpected answer HTTP " + status + " from " + url;
    }

    /** Offline mode is on and the file is not in the cache. */
    static DownloadException notCachedOffline(String what, Path cacheFolder) {
        return new DownloadException("Cannot get " + what + ": it is not in the cache (" + cacheFolder
                + ") and offline mode is on (HF_HUB_OFFLINE); unset HF_HUB_OFFLINE to download it");
    }

    /** The connection failed during the transfer. */
    static DownloadException brokeOff(String what, URI url, long received, long size, boolean kept, Path part, IOException cause) {
        String why = cause == null ? "the connection closed before the end of the file" : reason(cause, url);
        String next = kept
                ? "Run again to resume: the " + bytes(received) + " already downloaded are kept in " + part + "."
                : "Run again to retry.";
        return new DownloadException("Downloading " + what + " from " + origin(url) + " broke off after "
                + bytes(received) + (size >= 0 ? " of " + bytes(size) : "") + " (" + why + "). " + next, cause);
    }

    /** The file could not be written to the cache. */
    static DownloadException cannotWrite(String what, Path folder, IOException cause) {
        String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        String lower = detail.toLowerCase(Locale.ROOT);
        boolean full = lower.contains("no space") || lower.contains("quota") || lower.contains("disk full");
        String why = full ? "the disk is full (" + detail + "); free some space there" : detail + "; check that the folder is writable and has free space";
        return new DownloadException("Cannot save " + what + " in " + folder + ": " + why
                + ", or move the cache to another disk (HF_HUB_CACHE), and run again", cause);
    }

    /** The received file differs from what the server announced. */
    static DownloadException corrupt(String what, URI url, String problem) {
        return new DownloadException("The download of " + what + " from " + origin(url) + " is corrupt: " + problem
                + ". It was deleted; run again to download it anew");
    }

    /** A short reason for a network failure, such as "connection refused". */
    static String reason(IOException failure, URI url) {
        // The JDK wraps the telling exception in others without a message: the most specific one
        // anywhere in the chain wins.
        if (inChain(failure, UnresolvedAddressException.class) != null || inChain(failure, UnknownHostException.class) != null) {
            return "unknown host " + url.getHost();
        }
        if (inChain(failure, HttpConnectTimeoutException.class) != null) {
            return "no connection within the time limit";
        }
        HttpTimeoutException timeout = inChain(failure, HttpTimeoutException.class);
        if (timeout != null) {
            return timeout.getMessage() != null && timeout.getMessage().startsWith("no data")
                    ? timeout.getMessage() : "no answer within the time limit";
        }
        SSLException ssl = inChain(failure, SSLException.class);
        if (ssl != null) {
            return "secure connection failed: " + ssl.getMessage();
        }
        if (inChain(failure, NoRouteToHostException.class) != null) {
            return "no route to host";
        }
        if (inChain(failure, ConnectException.class) != null) {
            return "connection refused";
        }
        if (inChain(failure, EOFException.class) != null) {
            return "the connection was closed";
        }
        String message = failure.getMessage();
        return message != null && !message.isBlank() ? message : failure.getClass().getSimpleName();
    }

    private static <T extends Throwable> T inChain(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code scheme://host[:port]} of an address. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /** A byte count for people, e.g. "12.3 MB". */
    static String bytes(long count) {
        if (count < 1000) {
            return count + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = count;
        int unit = -1;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
