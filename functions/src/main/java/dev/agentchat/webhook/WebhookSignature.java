package dev.agentchat.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing (standardwebhooks.com): the secret is {@code whsec_} + base64 of
 * random bytes; a delivery carries {@code webhook-id}, {@code webhook-timestamp} (epoch
 * seconds) and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, so any
 * of that scheme's verifier libraries checks our deliveries.
 */
public final class WebhookSignature {
    public static final String PREFIX = "whsec_";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";
    private static final int SECRET_BYTES = 24;

    private WebhookSignature() {
    }

    /** A new signing secret. */
    public static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id, timestampSeconds, body));
    }

    /** Whether one of the header's space-separated {@code v1,…} signatures matches (constant time). */
    public static boolean verify(String secret, String id, long timestampSeconds, byte[] body, String header) {
        byte[] expected = hmac(secret, id, timestampSeconds, body);
        for (String candidate : header.trim().split(" ")) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            try {
                byte[] given = Base64.getDecoder().decode(candidate.substring(3));
                if (MessageDigest.isEqual(expected, given)) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                // not base64: not a match
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String id, long timestampSeconds, byte[] body) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
        byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
