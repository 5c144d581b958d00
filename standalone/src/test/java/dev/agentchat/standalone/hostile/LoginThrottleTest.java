package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guessing a password is throttled: past the per-account sign-in rate every try is a 429 with Retry-After. */
@RunningServer
class LoginThrottleTest {
    private static final int TRIES = 30;

    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void wrongPasswordsPastTheRate_are429WithRetryAfter_andSoIsTheRightOneUntilThen() {
        Rest.Human victim = rest.newHuman("victim");
        int refused = 0;
        int limited = 0;
        int firstLimited = -1;
        for (int i = 0; i < TRIES; i++) {
            Rest.Res res = rest.post("/auth/login", null, Rest.obj("email", victim.email(), "password", "guess " + i));
            if (res.status() == 429) {
                limited++;
                if (firstLimited < 0) {
                    firstLimited = i;
                }
                assertEquals("RATE_LIMITED", res.errorCode(), res::toString);
                assertTrue(res.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L) >= 1, res::toString);
            } else {
                assertEquals(401, res.status(), res::toString);
                assertTrue(firstLimited < 0, "a guess was answered after the limit: " + res);
                refused++;
            }
        }
        System.out.println("LoginThrottleTest: " + TRIES + " wrong passwords: " + refused + " answered 401, " + limited
                + " refused 429");
        assertTrue(firstLimited > 0 && firstLimited <= 10, "throttled from try " + firstLimited);
        Rest.Res right = rest.post("/auth/login", null, Rest.obj("email", victim.email(), "password", Rest.PASSWORD));
        assertEquals(429, right.status(), "the account is throttled whatever the password: " + right);
        // Another account, from the same address, still signs in.
        Rest.Human other = rest.newHuman("other");
        assertTrue(other.token().startsWith("st_"), other::toString);
    }
}
