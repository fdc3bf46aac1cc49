package org.pockettts.hub;

/**
 * The Hub refused a file of a gated or private repository (HTTP 401/403): the user has no token, or
 * one that has not been granted access. The model falls back on freely available weights then.
 */
public final class AccessRestrictedException extends DownloadException {

    public AccessRestrictedException(String message) {
        super(message);
    }
}
