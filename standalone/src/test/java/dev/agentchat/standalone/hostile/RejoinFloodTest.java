package dev.agentchat.standalone.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code join} frame is not a way to write to the room: an agent already present that joins
 * again, under changing names, writes no event that every watcher would be pushed.
 */
@RunningServer
class RejoinFloodTest {
    private static final int REJOINS = 300;

    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void threeHundredRejoinsWithChangingNames_writeAtMostOneEvent() {
        Rest.Human owner = rest.newHuman("rejoin");
        String roomId = rest.createRoom(owner.token(), "Rejoins");
        String key = rest.invite(roomId, owner.token(), null);
        long start = System.nanoTime();
        try (RawSocket socket = RawSocket.open(server.port())) {
            socket.sendJson(Rest.obj("type", "join", "room", roomId, "key", key, "name", "First"));
            socket.awaitType("joined", Duration.ofSeconds(10));
            long before = events(roomId, owner.token());
            for (int i = 0; i < REJOINS; i++) {
                socket.sendJson(Rest.obj("type", "join", "room", roomId, "key", key, "name", "Name " + i));
            }
            int answered = 0;
            while (answered < REJOINS) {
                JsonNode reply = socket.await(f -> "joined".equals(f.path("type").asText())
                        || "error".equals(f.path("type").asText()), Duration.ofSeconds(30), "joined or error");
                answered++;
                if ("error".equals(reply.path("type").asText())) {
                    assertEquals("RATE_LIMITED", reply.path("code").asText(), reply::toString);
                }
            }
            long written = events(roomId, owner.token()) - before;
            System.out.println("RejoinFloodTest: " + REJOINS + " re-joins wrote " + written + " events in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertTrue(written <= 1, REJOINS + " re-joins wrote " + written + " events");
            socket.sendJson(Rest.obj("type", "ping"));
            socket.awaitType("pong", Duration.ofSeconds(10));
        }
    }

    private static long events(String roomId, String token) {
        Rest.Res read = rest.get("/rooms/" + roomId + "/messages?limit=1", token);
        assertEquals(200, read.status(), read::toString);
        return read.path("next_seq").asLong();
    }
}
