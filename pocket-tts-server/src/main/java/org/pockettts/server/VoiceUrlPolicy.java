package org.pockettts.server;

import java.util.Locale;

/**
 * Which {@code http(s)://} voice URLs of clients the server fetches. {@code hf://} voices (files on
 * the configured Hugging Face Hub) are fetched under every policy.
 */
public enum VoiceUrlPolicy {

    /** None: clients upload recordings or name predefined or {@code hf://} voices. */
    NONE,
    /**
     * Only from public internet addresses, checked for every redirect after the host name is
     * resolved; never from the server's own machine or networks (loopback, private, link-local, ...).
     */
    PUBLIC,
    /** Any address, as the reference server does: only for servers whose every client is trusted. */
    ANY;

    /** The policy named {@code none}, {@code public} or {@code any} (in any case). */
    public static VoiceUrlPolicy named(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("voice URL policy must be none, public or any, got '" + name + "'", e);
        }
    }

    /** The name as written on the command line. */
    public String optionName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
