package dev.agentchat.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Generates keys, tokens and ids, and digests them for storage. Keys and tokens carry 32
 * random bytes, so a plain SHA-256 is a safe lookup digest (no salt or slow hash needed).
 *
 * <p>SnapStart-safe: the generator is created on first use, which is inside a request, so
 * environments resumed from one snapshot never share its state (AWS's guidance: generate
 * unique content after initialization, not during it).
 */
public final class Secrets {
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final int SECRET_BYTES = 32;
    private static final int ID_CHARS = 16;

    private final Supplier<SecureRandom> factory;
    private volatile SecureRandom random;

    public Secrets(Supplier<SecureRandom> factory) {
        this.factory = factory;
    }

    public static Secrets create() {
        return new Secrets(SecureRandom::new);
    }

    private SecureRandom random() {
        SecureRandom current = random;
        if (current == null) {
            synchronized (this) {
                if (random == null) {
                    random = factory.get();
                }
                current = random;
            }
        }
        return current;
    }

    /** An agent invite key: {@code ak_} + base62 of 32 random bytes. */
    public String newAgentKey() {
        return "ak_" + base62(randomBytes(SECRET_BYTES));
    }

    /** A public room's join key. */
    public String newRoomKey() {
        return "rk_" + base62(randomBytes(SECRET_BYTES));
    }

    /** A human session token. */
    public String newSessionToken() {
        return "st_" + base62(randomBytes(SECRET_BYTES));
    }

    /** A human invite link's token. */
    public String newHumanInviteToken() {
        return "hi_" + base62(randomBytes(SECRET_BYTES));
    }

    /** An id such as {@code room_…}: the prefix, an underscore and 16 base62 characters. */
    public String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix.length() + 1 + ID_CHARS).append(prefix).append('_');
        for (int i = 0; i < ID_CHARS; i++) {
            id.append(BASE62[random().nextInt(BASE62.length)]);
        }
        return id.toString();
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two strings in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random().nextBytes(bytes);
        return bytes;
    }

    static String base62(byte[] bytes) {
        // Big-endian base conversion; leading zero bytes become leading '0's so length stays stable.
        java.math.BigInteger value = new java.math.BigInteger(1, bytes);
        StringBuilder out = new StringBuilder();
        java.math.BigInteger base = java.math.BigInteger.valueOf(62);
        while (value.signum() > 0) {
            java.math.BigInteger[] qr = value.divideAndRemainder(base);
            out.append(BASE62[qr[1].intValue()]);
            value = qr[0];
        }
        int width = (int) Math.ceil(bytes.length * 8 / (Math.log(62) / Math.log(2)));
        while (out.length() < width) {
            out.append('0');
        }
        return out.reverse().toString();
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
