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
 * SPEC §7, one bad connection never blocks the others: a socket that stops reading while its
 * room floods it must not hold up live delivery in another room; it is disconnected, and its
 * agent rejoins with {@code after_seq} without missing anything.
 */
@RunningServer(env = {
        // Big messages fill a stalled socket's buffers in a few dozen sends.
        "LIMIT_CONTENT_BYTES=" + (SlowConsumerTest.BIG + 10)})
class SlowConsumerTest {
    static final int BIG = 60_000;

    @Inject
    private static AgentChatServer server;
    private static Rest rest;

    @BeforeAll
    static void setUp() {
        rest = new Rest(server);
    }

    @Test
    void aSocketThatStopsReading_neitherDelaysAnotherRoom_norStaysConnected() {
        Rest.Human owner = rest.newHuman("slow");
        String floodedRoom = rest.createRoom(owner.token(), "Flooded");
        // One writer sends a hundred messages in a row: the loop guard must not pause the room.
        Rest.Res unguarded = rest.request("PATCH", "/rooms/" + floodedRoom, owner.token(), Rest.obj("agent_turn_budget", 0));
        assertEquals(200, unguarded.status(), unguarded::toString);
        String slowKey = rest.invite(floodedRoom, owner.token(), "Slow");
        String writer = rest.invite(floodedRoom, owner.token(), "Writer");
        String liveRoom = rest.createRoom(owner.token(), "Live");
        String listenerKey = rest.invite(liveRoom, owner.token(), "Listener");
        String speaker = rest.invite(liveRoom, owner.token(), "Speaker");

        try (RawSocket slow = RawSocket.open(server.port(), null, 4096);
             RawSocket listener = RawSocket.open(server.port())) {
            slow.sendJson(Rest.obj("type", "join", "room", floodedRoom, "key", slowKey));
            listener.sendJson(Rest.obj("type", "join", "room", liveRoom, "key", listenerKey));
            listener.awaitType("joined", Duration.ofSeconds(10));
            // The slow socket never reads again: 6 MB are pushed at it, more than the kernel buffers hold.
            String big = "x".repeat(BIG - 10);
            long lastSeq = 0;
            for (int i = 0; i < 100; i++) {
                lastSeq = rest.send(floodedRoom, writer, big + " " + i).path("seq").asLong();
            }
            long worst = 0;
            for (int i = 0; i < 5; i++) {
                String content = "still live " + i;
                long start = System.nanoTime();
                rest.send(liveRoom, speaker, content);
                listener.await(f -> content.equals(f.path("content").asText()), Duration.ofSeconds(5), content);
                worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
            }
            System.out.println("SlowConsumerTest: slowest live delivery in the other room " + worst + " ms");
            assertTrue(worst < 1000, "a message in another room took " + worst + " ms to arrive");

            assertTrue(slow.endsWithin(Duration.ofSeconds(10)), "the slow socket is still connected");
            String floodedAgentStatus = awaitStatus(floodedRoom, owner.token(), "Slow", "disconnected");
            assertEquals("disconnected", floodedAgentStatus);

            try (RawSocket back = RawSocket.open(server.port())) {
                back.sendJson(Rest.obj("type", "join", "room", floodedRoom, "key", slowKey, "after_seq", lastSeq - 1));
                JsonNode joined = back.awaitType("joined", Duration.ofSeconds(10));
                JsonNode history = joined.path("history");
                assertTrue(history.size() >= 1, joined::toString);
                assertEquals(lastSeq, history.get(0).path("seq").asLong(), "the rejoin starts right after its cursor");
                assertTrue(history.get(0).path("content").asText().endsWith(" 99"));
            }
        }
    }

    private static String awaitStatus(String roomId, String token, String name, String wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            Rest.Res info = rest.get("/rooms/" + roomId, token);
            for (JsonNode agent : info.path("agents")) {
                if (name.equals(agent.path("name").asText())) {
                    status = agent.path("status").asText();
                }
            }
            if (wanted.equals(status)) {
                return status;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        return status;
    }
}
