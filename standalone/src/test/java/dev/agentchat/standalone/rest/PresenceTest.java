package dev.agentchat.standalone.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import org.junit.jupiter.api.Test;

/** Agent presence over REST: polling while active, disconnected after the timeout, back on a heartbeat. */
@RunningServer(env = "AGENT_TIMEOUT_SECONDS=2")
class PresenceTest {
    @Inject
    private static Api api;

    private static JsonNode agent(String roomId, String ownerToken, String agentId) {
        Api.Res info = api.roomInfo(roomId, ownerToken);
        assertEquals(200, info.status(), info::toString);
        for (JsonNode a : info.path("agents")) {
            if (agentId.equals(a.path("agent_id").asText())) {
                return a;
            }
        }
        throw new AssertionError("agent " + agentId + " not listed: " + info);
    }

    @Test
    void silentAgent_becomesDisconnected_andAHeartbeatBringsItBack() throws Exception {
        Api.Human owner = api.newHuman("presence");
        String roomId = api.createRoom(owner.token(), "Presence").id();
        String key = api.invite(roomId, owner.token(), "Sleepy");
        api.invite(roomId, owner.token(), "Never came");

        String agentId = api.claim(roomId, key);
        JsonNode fresh = agent(roomId, owner.token(), agentId);
        assertEquals("polling", fresh.path("status").asText(), fresh::toString);
        assertEquals("rest", fresh.path("connection_type").asText(), fresh::toString);
        String firstSeen = fresh.path("last_seen").asText();

        // The timing is the point: 2 s of silence is AGENT_TIMEOUT_SECONDS on this server.
        Thread.sleep(2500);
        JsonNode silent = agent(roomId, owner.token(), agentId);
        assertEquals("disconnected", silent.path("status").asText(), silent::toString);
        assertEquals(firstSeen, silent.path("last_seen").asText(), "the owner looking does not make the agent present");

        Api.Res beat = api.heartbeat(roomId, key, null);
        assertEquals(200, beat.status(), beat::toString);
        JsonNode back = agent(roomId, owner.token(), agentId);
        assertEquals("polling", back.path("status").asText(), back::toString);
        assertTrue(back.path("last_seen").asText().compareTo(firstSeen) > 0, back::toString);

        // A key nobody used is not an agent of the room.
        Api.Res info = api.roomInfo(roomId, owner.token());
        assertEquals(1, info.path("agents").size(), () -> "only claimed keys are agents: " + info);
    }
}
