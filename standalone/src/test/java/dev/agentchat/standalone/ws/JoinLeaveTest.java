package dev.agentchat.standalone.ws;

import static dev.agentchat.standalone.support.WsClient.joinedBy;
import static dev.agentchat.standalone.support.WsClient.leftBy;
import static dev.agentchat.standalone.support.WsClient.type;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One join per presence, one leave per departure, over real HTTP and WebSocket with a sweeper
 * that runs every second: leaving by choice (REST and the {@code leave} frame), a socket
 * replacing another, and removed agents that must not time out afterwards.
 */
@RunningServer(env = {
        "SWEEP_INTERVAL_SECONDS=1",
        "MISSED_PONGS_ALLOWED=2",
        "AGENT_TIMEOUT_SECONDS=" + JoinLeaveTest.AGENT_TIMEOUT_SECONDS})
class JoinLeaveTest {
    static final int AGENT_TIMEOUT_SECONDS = 2;
    private static final Duration SWEEPS = Duration.ofSeconds(10);

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    /** The agent's join and leave events in the room's log, as "join" / "leave" in order. */
    private static List<String> presenceEvents(String roomId, String ownerToken, String agentId) {
        return api.readAll(roomId, ownerToken).stream()
                .filter(e -> agentId.equals(e.path("agent_id").asText()))
                .map(e -> e.path("type").asText())
                .filter(t -> t.equals("join") || t.equals("leave"))
                .collect(Collectors.toList());
    }

    /** Waits until {@code count} more sweeps have pinged the socket. */
    private static void awaitSweeps(WsClient socket, int count) {
        int target = socket.pingsReceived() + count;
        long deadline = System.nanoTime() + SWEEPS.toNanos();
        while (socket.pingsReceived() < target) {
            assertTrue(System.nanoTime() < deadline, "no sweep pinged " + socket);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static String status(String roomId, String ownerToken, String agentId) {
        Api.Res info = api.roomInfo(roomId, ownerToken);
        assertEquals(200, info.status(), info::toString);
        for (JsonNode agent : info.path("agents")) {
            if (agentId.equals(agent.path("agent_id").asText())) {
                return agent.path("status").asText();
            }
        }
        throw new AssertionError(agentId + " not in " + info);
    }

    @Test
    void restLeave_writesOneLeftEvent_andTheNextCallJoinsAgain() {
        Api.Human owner = api.newHuman("leaver");
        String roomId = api.createRoom(owner.token(), "Leaving").id();
        String key = api.invite(roomId, owner.token(), "Leaver");
        try (WsClient w = WsClient.open(server, "watcher")) {
            w.watchAndAwait(roomId, owner.token(), null);
            String agentId = api.claim(roomId, key);
            w.awaitFrame(joinedBy(agentId));

            Api.Res left = api.post("/rooms/" + roomId + "/leave", key, null);
            assertEquals(200, left.status(), left::toString);
            assertEquals(agentId, left.text("agent_id"), left::toString);
            assertEquals("disconnected", left.text("status"), left::toString);
            JsonNode frame = w.awaitFrame(leftBy(agentId));
            assertEquals("left", frame.path("reason").asText(), frame::toString);
            assertEquals(left.path("seq").asLong(), frame.path("seq").asLong(), frame::toString);
            assertEquals("disconnected", status(roomId, owner.token(), agentId));

            Api.Res again = api.post("/rooms/" + roomId + "/leave", key, null);
            assertEquals(200, again.status(), again::toString);
            assertTrue(again.path("seq").isNull(), () -> "a second leave announced something: " + again);

            // The key stays valid: its next call brings it back, announced once.
            assertEquals(200, api.heartbeat(roomId, key, null).status());
            w.awaitFrame(joinedBy(agentId));
            assertEquals("polling", status(roomId, owner.token(), agentId));
            assertEquals(List.of("join", "leave", "join"), presenceEvents(roomId, owner.token(), agentId));
        }
    }

    @Test
    void leaveFrame_isAcknowledged_closesTheSocket_andTheKeyMayJoinAgain() {
        Api.Human owner = api.newHuman("leaveframe");
        String roomId = api.createRoom(owner.token(), "Leave frame").id();
        String key = api.invite(roomId, owner.token(), "Framer");
        try (WsClient w = WsClient.open(server, "watcher"); WsClient agent = WsClient.open(server, "agent")) {
            w.watchAndAwait(roomId, owner.token(), null);
            String agentId = agent.joinAndAwait(roomId, key, null, null).path("agent_id").asText();
            w.awaitFrame(joinedBy(agentId));

            agent.send(Api.obj("type", "leave"));
            JsonNode ack = agent.awaitFrame(f -> WsClient.isType(f, "left") || WsClient.isType(f, "error"));
            assertEquals("left", ack.path("type").asText(), ack::toString);
            assertEquals(agentId, ack.path("agent_id").asText(), ack::toString);
            agent.awaitClosed(SWEEPS);
            JsonNode frame = w.awaitFrame(leftBy(agentId));
            assertEquals("left", frame.path("reason").asText(), frame::toString);
            assertEquals(ack.path("seq").asLong(), frame.path("seq").asLong(), frame::toString);

            try (WsClient back = WsClient.open(server, "back")) {
                back.joinAndAwait(roomId, key, null, null);
                w.awaitFrame(f -> joinedBy(agentId).test(f) && f.path("seq").asLong() > frame.path("seq").asLong());
            }
            w.awaitFrame(leftBy(agentId), SWEEPS);
            assertEquals(List.of("join", "leave", "join", "leave"), presenceEvents(roomId, owner.token(), agentId));
        }
    }

    @Test
    void restLeave_whileHoldingASocket_tellsAndClosesTheSocket() {
        Api.Human owner = api.newHuman("leavesock");
        String roomId = api.createRoom(owner.token(), "Leave with socket").id();
        String key = api.invite(roomId, owner.token(), "Both");
        try (WsClient agent = WsClient.open(server, "agent")) {
            String agentId = agent.joinAndAwait(roomId, key, null, null).path("agent_id").asText();
            Api.Res left = api.post("/rooms/" + roomId + "/leave", key, null);
            assertEquals(200, left.status(), left::toString);
            JsonNode frame = agent.awaitFrame(type("left"));
            assertEquals(left.path("seq").asLong(), frame.path("seq").asLong(), frame::toString);
            agent.awaitClosed(SWEEPS);
            assertEquals("disconnected", status(roomId, owner.token(), agentId));
            assertEquals(List.of("join", "leave"), presenceEvents(roomId, owner.token(), agentId));
        }
    }

    @Test
    void aSocketReplacingAnother_writesNoSecondJoin_andItsCloseOneLeave() {
        Api.Human owner = api.newHuman("replace");
        String roomId = api.createRoom(owner.token(), "Replacing").id();
        String key = api.invite(roomId, owner.token(), "Twice");
        try (WsClient w = WsClient.open(server, "watcher"); WsClient first = WsClient.open(server, "first")) {
            w.watchAndAwait(roomId, owner.token(), null);
            String agentId = first.joinAndAwait(roomId, key, null, null).path("agent_id").asText();
            w.awaitFrame(joinedBy(agentId));
            try (WsClient second = WsClient.open(server, "second")) {
                second.joinAndAwait(roomId, key, null, null);
                assertEquals("REPLACED", first.awaitError("REPLACED").path("code").asText());
                first.awaitClosed(SWEEPS);
                JsonNode ack = second.say("still me", "r-1");
                w.awaitFrame(WsClient.messageWithId(ack.path("id").asText()));
                assertEquals(List.of("join"), presenceEvents(roomId, owner.token(), agentId),
                        "a replacing socket is the same presence");
            }
            JsonNode left = w.awaitFrame(leftBy(agentId), SWEEPS);
            assertEquals("left", left.path("reason").asText(), left::toString);
            assertEquals(List.of("join", "leave"), presenceEvents(roomId, owner.token(), agentId));
        }
    }

    @Test
    void aSocketThatNeverPongsButSendsOtherFrames_staysOpen_whileASilentOneIsClosed() throws Exception {
        Api.Human owner = api.newHuman("talker");
        String roomId = api.createRoom(owner.token(), "Talkers").id();
        String talkerKey = api.invite(roomId, owner.token(), "Talker");
        String silentKey = api.invite(roomId, owner.token(), "Silent");
        try (WsClient talker = WsClient.open(WsClient.url(server), "talker", false);
             WsClient silent = WsClient.open(WsClient.url(server), "silent", false)) {
            talker.joinAndAwait(roomId, talkerKey, null, null);
            silent.joinAndAwait(roomId, silentKey, null, null);
            long start = System.nanoTime();
            int frame = 0;
            // Well past MISSED_PONGS_ALLOWED sweeps without one pong: client pings, messages, unknown frames.
            while (System.nanoTime() - start < 5_000_000_000L || talker.pingsReceived() < 4) {
                assertTrue(System.nanoTime() - start < 20_000_000_000L, "no pings arrive");
                switch (frame++ % 3) {
                    case 0 -> talker.send(Api.obj("type", "ping"));
                    case 1 -> talker.message("still talking " + frame, "t-" + frame);
                    default -> talker.send(Api.obj("type", "chatter"));
                }
                Thread.sleep(400);
                assertTrue(!talker.isClosed(), () -> "a talking socket was closed: " + talker.received());
            }
            assertEquals("TIMEOUT", silent.awaitError("TIMEOUT").path("code").asText());
            silent.awaitClosed(SWEEPS);
            talker.assertAlive();
            assertTrue(talker.received(f -> WsClient.isType(f, "error")
                    && "TIMEOUT".equals(f.path("code").asText())).isEmpty(), () -> talker.received().toString());
        }
    }

    @Test
    void kickedAndRevokedAgents_neverTimeOutAfterTheirRemoval() {
        Api.Human owner = api.newHuman("removed");
        String roomId = api.createRoom(owner.token(), "Removed").id();
        AdminCalls admin = new AdminCalls(api);
        String kickedKey = api.invite(roomId, owner.token(), "Kicked");
        String revokedKey = api.invite(roomId, owner.token(), "Revoked");
        String bystanderKey = api.invite(roomId, owner.token(), "Bystander");
        try (WsClient w = WsClient.open(server, "watcher")) {
            w.watchAndAwait(roomId, owner.token(), null);
            String kicked = api.claim(roomId, kickedKey);
            String revoked = api.claim(roomId, revokedKey);
            String bystander = api.claim(roomId, bystanderKey);
            assertEquals(200, admin.kick(roomId, kicked, owner.token()).status());
            String revokedKeyId = admin.invites(roomId, owner.token()).stream()
                    .filter(i -> "Revoked".equals(i.path("label").asText())).findFirst().orElseThrow()
                    .path("key_id").asText();
            assertEquals(200, admin.revoke(roomId, revokedKeyId, owner.token()).status());

            // The bystander, silent since after the others, timing out proves the sweeper passed them too.
            JsonNode timedOut = w.awaitFrame(leftBy(bystander), SWEEPS);
            assertEquals("timeout", timedOut.path("reason").asText(), timedOut::toString);
            awaitSweeps(w, 2);
            assertEquals(List.of("join"), presenceEvents(roomId, owner.token(), kicked));
            assertEquals(List.of("join"), presenceEvents(roomId, owner.token(), revoked));
            assertTrue(w.received(leftBy(kicked)).isEmpty() && w.received(leftBy(revoked)).isEmpty(),
                    () -> "a removed agent timed out: " + w.received());
        }
    }
}
