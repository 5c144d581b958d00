package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Making accounts is throttled per address: past the sign-up rate a 429 with Retry-After, and no account. */
@RunningServer(env = "LIMIT_SIGNUPS_PER_HOUR_FROM_ADDRESS=3")
class SignupThrottleTest {
    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void signupsFromOneAddressPastTheRate_are429WithRetryAfter_andCreateNoAccount() {
        for (int i = 0; i < 3; i++) {
            Rest.Res ok = rest.post("/auth/signup", null, signup("allowed-" + i));
            assertEquals(201, ok.status(), ok::toString);
        }
        String email = "refused-" + UUID.randomUUID() + "@example.com";
        Rest.Res refused = rest.post("/auth/signup", null,
                Rest.obj("email", email, "password", Rest.PASSWORD, "name", "Refused"));
        assertEquals(429, refused.status(), refused::toString);
        assertEquals("RATE_LIMITED", refused.errorCode(), refused::toString);
        long retryAfter = refused.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
        // 3 an hour: the next one is about 20 minutes away.
        assertTrue(retryAfter >= 60 && retryAfter <= 1200, "Retry-After " + retryAfter);

        Rest.Res login = rest.post("/auth/login", null, Rest.obj("email", email, "password", Rest.PASSWORD));
        assertEquals(401, login.status(), "a refused sign-up made an account: " + login);
        // Bad input is answered as before and spends nothing.
        Rest.Res bad = rest.post("/auth/signup", null, Rest.obj("email", "not-an-email", "password", Rest.PASSWORD,
                "name", "Bad"));
        assertEquals(400, bad.status(), bad::toString);
    }

    private static Object signup(String tag) {
        return Rest.obj("email", tag + "-" + UUID.randomUUID() + "@example.com", "password", Rest.PASSWORD, "name", tag);
    }
}
