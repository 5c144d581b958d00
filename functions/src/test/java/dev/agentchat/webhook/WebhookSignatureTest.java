package dev.agentchat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    /** The Standard Webhooks reference libraries' own test vector. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void sign_whenReferenceVector_matchesTheStandardsExpectedSignature() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY));
    }

    @Test
    void verify_whenAnyByteChanges_fails() {
        String header = WebhookSignature.sign(SECRET, ID, TIMESTAMP, BODY);
        assertTrue(WebhookSignature.verify(SECRET, ID, TIMESTAMP, BODY, "v1,bogus " + header));
        assertFalse(WebhookSignature.verify(SECRET, ID, TIMESTAMP + 1, BODY, header));
        assertFalse(WebhookSignature.verify(SECRET, ID + "x", TIMESTAMP, BODY, header));
        assertFalse(WebhookSignature.verify(SECRET, ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(), header));
        assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(new SecureRandom()), ID, TIMESTAMP, BODY,
                header));
    }

    @Test
    void newSecret_isPrefixedBase64OfFreshBytes() {
        SecureRandom random = new SecureRandom();
        String a = WebhookSignature.newSecret(random);
        assertTrue(a.matches("whsec_[A-Za-z0-9+/]{32}"), a);
        assertFalse(a.equals(WebhookSignature.newSecret(random)));
    }
}
