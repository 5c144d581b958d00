package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The small ones of issue 19: inputs that were a 500, and a header every API answer carries. */
@RunningServer
class SmallHolesTest {
    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void aSinceBeyondEpochMillis_isA400_notA500() {
        Rest.Human owner = rest.newHuman("since");
        String roomId = rest.createRoom(owner.token(), "Since");
        String key = rest.invite(roomId, owner.token(), "Reader");
        Rest.Res res = rest.get("/rooms/" + roomId + "/messages?since="
                + URLEncoder.encode("+999999999-12-31T23:59:59.999Z", StandardCharsets.UTF_8), key);
        assertEquals(400, res.status(), res::toString);
        assertEquals("BAD_REQUEST", res.errorCode(), res::toString);
    }

    @Test
    void apiAnswers_sayNosniff() {
        for (String path : new String[] {"/health", "/no/such/route", "/me"}) {
            Rest.Res res = rest.get(path, null);
            assertEquals("nosniff", res.headers().firstValue("X-Content-Type-Options").orElse(null), res::toString);
        }
    }
}
