package dev.agentchat.standalone.ws;

import static dev.agentchat.standalone.support.WsClient.joinedBy;
import static dev.agentchat.standalone.support.WsClient.leftBy;
import static dev.agentchat.standalone.support.WsClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the sweeper does to sockets and silent agents, on a server that sweeps every second:
 * sockets that never join are closed, sockets that stop answering pings are closed (and their
 * agent times out), sockets that answer stay, and silent REST agents time out in front of watchers.
 * Timing is the point here: the waits are the timeouts under test.
 */
@RunningServer(env = {
        "SWEEP_INTERVAL_SECONDS=1",
        "JOIN_TIMEOUT_SECONDS=" + WebSocketLifecycleTest.JOIN_TIMEOUT_SECONDS,
        "MISSED_PONGS_ALLOWED=2",
        "AGENT_TIMEOUT_SECONDS=" + WebSocketLifecycleTest.AGENT_TIMEOUT_SECONDS})
class WebSocketLifecycleTest {
    static final int JOIN_TIMEOUT_SECONDS = 1;
    static final int AGENT_TIMEOUT_SECONDS = 2;
    private static final Duration SWEEPS = Duration.ofSeconds(8);

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    private static JsonNode agentInfo(String roomId, String ownerToken, String agentId) {
        Api.Res info = api.roomInfo(roomId, ownerToken);
        assertEquals(200, info.status(), info::toString);
        for (JsonNode agent : info.path("agents")) {
            if (agentId.equals(agent.path("agent_id").asText())) {
                return agent;
            }
        }
        throw new AssertionError("agent " + agentId + " not in " + info);
    }

    @Test
    void socketThatNeverJoins_isClosedAfterTheJoinTimeout() {
        long opened = System.nanoTime();
        try (WsClient idle = WsClient.open(server, "idle")) {
            JsonNode error = idle.awaitFrame(type("error"), SWEEPS);
            assertEquals("BAD_REQUEST", error.path("code").asText(), error::toString);
            assertFalse(error.path("message").asText("").isBlank(), error::toString);
            idle.awaitClosed(SWEEPS);
            long afterMillis = (System.nanoTime() - opened) / 1_000_000;
            assertTrue(afterMillis >= JOIN_TIMEOUT_SECONDS * 1000L,
                    () -> "closed after " + afterMillis + " ms, before the join timeout");
        }
    }

    @Test
    void socketThatNeverAnswersPings_isClosed_andOthersSeeATimeout() {
        Api.Human owner = api.newHuman("deaf");
        String roomId = api.createRoom(owner.token(), "Deaf").id();
        String deafKey = api.invite(roomId, owner.token(), "Deaf");
        try (WsClient w = WsClient.open(server, "watcher");
             WsClient deaf = WsClient.open(WsClient.url(server), "deaf", false)) {
            w.watchAndAwait(roomId, owner.token(), null);
            String deafId = deaf.joinAndAwait(roomId, deafKey, null, null).path("agent_id").asText();
            w.awaitFrame(joinedBy(deafId));

            JsonNode error = deaf.awaitFrame(type("error"), SWEEPS);
            assertEquals("TIMEOUT", error.path("code").asText(), error::toString);
            deaf.awaitClosed(SWEEPS);
            assertTrue(deaf.pingsReceived() >= 2, () -> "closed after only " + deaf.pingsReceived() + " pings");
            List<JsonNode> pings = deaf.received(type("ping"));
            pings.forEach(p -> assertEquals(Api.JSON.createObjectNode().put("type", "ping"), p));

            JsonNode left = w.awaitFrame(leftBy(deafId), SWEEPS);
            assertEquals("timeout", left.path("reason").asText(), () -> "the leave of a socket that stopped answering: " + left);
            assertEquals("Deaf", left.path("name").asText(), left::toString);
            assertFalse(w.isClosed(), "the watcher answered its pings and stays");
            assertEquals("disconnected", agentInfo(roomId, owner.token(), deafId).path("status").asText());
        }
    }

    @Test
    void socketThatAnswersPings_staysOpen() throws Exception {
        Api.Human owner = api.newHuman("alive");
        String roomId = api.createRoom(owner.token(), "Alive").id();
        String key = api.invite(roomId, owner.token(), "Alive");
        try (WsClient w = WsClient.open(server, "watcher"); WsClient alive = WsClient.open(server, "alive")) {
            w.watchAndAwait(roomId, owner.token(), null);
            String agentId = alive.joinAndAwait(roomId, key, null, null).path("agent_id").asText();
            long joined = System.nanoTime();
            // Stay through more than four sweeps (and past the REST agent timeout), answering each ping.
            while (System.nanoTime() - joined < 4_500_000_000L || alive.pingsReceived() < 4) {
                assertFalse(alive.isClosed(), () -> "closed although it answered: " + alive.received());
                assertTrue(System.nanoTime() - joined < 15_000_000_000L, "no pings arrive");
                Thread.sleep(100);
            }
            alive.assertAlive();
            w.assertAlive();
            assertTrue(alive.received(type("error")).isEmpty(), () -> "unexpected error: " + alive.received());
            assertTrue(w.received(leftBy(agentId)).isEmpty(), () -> "a live socket was announced gone: " + w.received());
            JsonNode info = agentInfo(roomId, owner.token(), agentId);
            assertEquals("connected", info.path("status").asText(), info::toString);
            assertEquals("websocket", info.path("connection_type").asText(), info::toString);
            // It can still talk.
            JsonNode ack = alive.say("still here", "s-1");
            w.awaitFrame(WsClient.messageWithId(ack.path("id").asText()));
        }
    }

    @Test
    void silentRestAgent_timesOut_inFrontOfAWatcher_andComesBackOnItsNextCall() {
        Api.Human owner = api.newHuman("silent");
        String roomId = api.createRoom(owner.token(), "Silent").id();
        String key = api.invite(roomId, owner.token(), "Sleepy");
        try (WsClient w = WsClient.open(server, "watcher")) {
            w.watchAndAwait(roomId, owner.token(), null);
            long beforeLastCall = System.nanoTime();
            String agentId = api.claim(roomId, key);
            JsonNode joined = w.awaitFrame(joinedBy(agentId));

            JsonNode left = w.awaitFrame(leftBy(agentId), SWEEPS);
            long silentMillis = (System.nanoTime() - beforeLastCall) / 1_000_000;
            assertTrue(silentMillis >= AGENT_TIMEOUT_SECONDS * 1000L,
                    () -> "timed out after " + silentMillis + " ms of silence");
            assertEquals("timeout", left.path("reason").asText(), left::toString);
            assertEquals("Sleepy", left.path("name").asText(), left::toString);
            assertEquals(joined.path("seq").asLong() + 1, left.path("seq").asLong(), left::toString);

            // Its next REST call brings it back: a join event, seen live; the read shows leave then join.
            Api.Res read = api.read(roomId, key, "after_seq=" + joined.path("seq").asLong());
            assertEquals(200, read.status(), read::toString);
            JsonNode back = w.awaitFrame(joinedBy(agentId));
            assertEquals(left.path("seq").asLong() + 1, back.path("seq").asLong(), back::toString);
            List<JsonNode> events = Api.list(read.path("messages"));
            assertEquals(2, events.size(), read::toString);
            assertEquals("leave", events.get(0).path("type").asText(), read::toString);
            assertEquals("join", events.get(1).path("type").asText(), read::toString);
            assertEquals("polling", agentInfo(roomId, owner.token(), agentId).path("status").asText());
            assertEquals(1, w.received(leftBy(agentId)).size(), () -> "one timeout, one leave: " + w.received());
        }
    }
}
