package org.pockettts.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The seed of a row that names none: made from its id alone, so that it is the same on every run,
 * machine and Spark executor, and a retried or resumed row makes the same audio.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * The first 8 bytes of the SHA-256 digest of the id's UTF-8 bytes, read as a big-endian number
     * and shifted right by one bit: a seed from 0 to 2⁶³ − 1, which {@code generate --seed} takes as
     * it is written.
     */
    public static long fromId(String id) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (digest[i] & 0xff);
        }
        return value >>> 1;
    }
}
