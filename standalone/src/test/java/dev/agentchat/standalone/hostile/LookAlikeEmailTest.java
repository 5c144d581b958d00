package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An address that looks like an existing account's is that account: no second look-alike account. */
@RunningServer
class LookAlikeEmailTest {
    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void unicodeWhiteSpaceAndCompatibilityForms_areTheSameAccount_atSignupAndLogin() {
        String local = "alike-" + UUID.randomUUID().toString().substring(0, 8);
        String email = local + "@example.com";
        assertEquals(201, rest.post("/auth/signup", null, Rest.obj("email", email, "password", Rest.PASSWORD,
                "name", "Original")).status());

        String[] lookAlikes = {
            "\u00A0" + email,              // a leading no-break space
            email + "\u2003",              // a trailing em space
            "\u3000" + email + "\u202F",   // ideographic and narrow no-break spaces
            "\uFEFF" + email,              // a byte-order mark
            local + "@ＥＸＡＭＰＬＥ.com",     // full-width letters
        };
        for (String lookAlike : lookAlikes) {
            Rest.Res second = rest.post("/auth/signup", null, Rest.obj("email", lookAlike, "password",
                    "another password", "name", "Impostor"));
            assertEquals(409, second.status(), "a second account for " + escape(lookAlike) + ": " + second);
            Rest.Res login = rest.post("/auth/login", null, Rest.obj("email", lookAlike, "password", Rest.PASSWORD));
            assertEquals(200, login.status(), "signing in as " + escape(lookAlike) + ": " + login);
            assertEquals(email, login.path("user").path("email").asText(), login::toString);
        }
    }

    @Test
    void anInvisibleCharacterInsideTheAddress_isRefused() {
        String email = "zero\u200Bwidth-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Rest.Res res = rest.post("/auth/signup", null, Rest.obj("email", email, "password", Rest.PASSWORD, "name", "Z"));
        assertEquals(400, res.status(), res::toString);
        assertEquals("BAD_REQUEST", res.errorCode(), res::toString);
        Rest.Res nbsp = rest.post("/auth/signup", null, Rest.obj("email", "no\u00A0break@example.com",
                "password", Rest.PASSWORD, "name", "N"));
        assertEquals(400, nbsp.status(), nbsp::toString);
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 128 ? String.valueOf((char) c) : String.format("\\u%04X", c)));
        return out.toString();
    }
}
