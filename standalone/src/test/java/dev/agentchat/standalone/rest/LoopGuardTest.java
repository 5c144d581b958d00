package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop guard (SPEC §11) over real HTTP and WebSocket: a room's {@code agent_turn_budget} of
 * agent messages in a row, then a readable pause that refuses agent sends on every transport
 * with 409 {@code ROOM_PAUSED} (never a 429: retrying must not look useful) while reads,
 * heartbeats and pings go on; pause and resume by the room's humans; the setting's validation.
 */
@RunningServer(env = "LIMIT_AGENT_TURN_BUDGET=60")
class LoopGuardTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;

    /** A room with a REST agent and a WebSocket agent (joined), and the guard set to {@code budget}. */
    private record PingPong(Api.Human owner, Api.Room room, String restKey, WsClient socket, String socketAgentId) {
    }

    private static PingPong pingPong(String tag, int budget) {
        Api.Human owner = api.newHuman(tag.replace(" ", ""));
        Api.Room room = api.createRoom(owner.token(), tag);
        Api.Res patched = admin.patch(room.id(), owner.token(), obj("agent_turn_budget", budget));
        assertEquals(200, patched.status(), patched::toString);
        assertEquals(budget, patched.path("room").path("agent_turn_budget").asInt(), patched::toString);
        String restKey = api.invite(room.id(), owner.token(), "Ping");
        String socketKey = api.invite(room.id(), owner.token(), "Pong");
        api.claim(room.id(), restKey);
        WsClient socket = WsClient.open(server, tag + " pong");
        JsonNode joined = socket.joinAndAwait(room.id(), socketKey, null, null);
        return new PingPong(owner, room, restKey, socket, joined.path("agent_id").asText());
    }

    private static JsonNode guard(String roomId, String auth) {
        Api.Res info = api.roomInfo(roomId, auth);
        assertEquals(200, info.status(), info::toString);
        JsonNode guard = info.path("guard");
        assertTrue(guard.isObject(), () -> "room info without a guard: " + info);
        return guard;
    }

    private static List<JsonNode> systemEventsWithCode(String roomId, String key, String code) {
        return api.readAll(roomId, key).stream()
                .filter(e -> "system".equals(e.path("type").asText()) && code.equals(e.path("code").asText(null)))
                .toList();
    }

    @Test
    void pingPong_withBudget10_pausesAfterExactly10AgentMessages_andRefuses11thOnRestAndWebSocket() {
        PingPong p = pingPong("Guard ping-pong", 10);
        try (WsClient pong = p.socket()) {
            JsonNode fresh = guard(p.room().id(), p.owner().token());
            assertEquals(10, fresh.path("budget").asInt(), fresh::toString);
            assertEquals(10, fresh.path("remaining").asInt(), fresh::toString);
            assertFalse(fresh.path("paused").asBoolean(), fresh::toString);
            assertTrue(fresh.path("paused_at").isNull(), fresh::toString);

            for (int turn = 1; turn <= 10; turn++) {
                if (turn % 2 == 1) {
                    api.send(p.room().id(), p.restKey(), "ping " + turn);
                } else {
                    pong.say("pong " + turn);
                }
                if (turn < 10) {
                    assertEquals(10 - turn, guard(p.room().id(), p.restKey()).path("remaining").asInt(), "after " + turn);
                }
            }

            // The pause is a readable system event, on both transports, right after the 10th message.
            JsonNode pausedFrame = pong.awaitFrame(f -> WsClient.isType(f, "system")
                    && "paused".equals(f.path("code").asText(null)));
            assertFalse(pausedFrame.path("content").asText().isBlank(), pausedFrame::toString);
            List<JsonNode> events = api.readAll(p.room().id(), p.restKey());
            JsonNode last = events.get(events.size() - 1);
            assertEquals("system", last.path("type").asText(), last::toString);
            assertEquals("system", last.path("sender_kind").asText(), last::toString);
            assertEquals("paused", last.path("code").asText(), last::toString);
            assertEquals(pausedFrame.path("seq").asLong(), last.path("seq").asLong());
            assertTrue(last.path("content").asText().contains("10"), () -> "names the budget: " + last);
            assertEquals(10, events.stream().filter(e -> "message".equals(e.path("type").asText())
                    && "agent".equals(e.path("sender_kind").asText())).count(), "exactly 10 agent messages");

            JsonNode paused = guard(p.room().id(), p.owner().token());
            assertTrue(paused.path("paused").asBoolean(), paused::toString);
            assertEquals(0, paused.path("remaining").asInt(), paused::toString);
            assertTrue(Api.TIMESTAMP.matcher(paused.path("paused_at").asText()).matches(), paused::toString);

            // The 11th send: refused on both transports, no wait offered, nothing stored.
            Api.Res rest = api.sendRes(p.room().id(), p.restKey(), "ping 11");
            assertError(rest, 409, "ROOM_PAUSED");
            assertNull(rest.header("Retry-After"), rest::toString);
            assertTrue(rest.path("error").path("message").asText().contains("human"), rest::toString);
            JsonNode wsError = pong.expectError(Api.write(obj("type", "message", "content", "pong 11",
                    "client_id", "eleven")), "ROOM_PAUSED");
            assertTrue(wsError.path("retry_after").isMissingNode(), wsError::toString);
            pong.assertAlive();
            assertEquals(events.size(), api.readAll(p.room().id(), p.restKey()).size(), "refused sends store nothing");
            assertEquals(1, systemEventsWithCode(p.room().id(), p.restKey(), "paused").size(), "paused once");

            // Reads, heartbeats, room info and pings keep working while paused.
            Api.Res read = api.read(p.room().id(), p.restKey(), "after_seq=" + last.path("seq").asLong() + "&wait=0");
            assertEquals(200, read.status(), read::toString);
            assertEquals(200, api.heartbeat(p.room().id(), p.restKey(), null).status());
            pong.sendRaw("{\"type\":\"ping\"}");
            pong.awaitFrame(WsClient.type("pong"));
            String status = api.roomInfo(p.room().id(), p.owner().token()).path("agents").findValuesAsText("status")
                    .toString();
            assertFalse(status.contains("disconnected"), () -> "both agents still present: " + status);

            // Resume: a readable event, a full budget, and sends go through again.
            Api.Res resumed = api.post("/rooms/" + p.room().id() + "/resume", p.owner().token(), null);
            assertEquals(200, resumed.status(), resumed::toString);
            assertFalse(resumed.path("guard").path("paused").asBoolean(), resumed::toString);
            assertEquals(10, resumed.path("guard").path("remaining").asInt(), resumed::toString);
            pong.awaitFrame(f -> WsClient.isType(f, "system") && "resumed".equals(f.path("code").asText(null)));
            assertEquals(1, systemEventsWithCode(p.room().id(), p.restKey(), "resumed").size());
            api.send(p.room().id(), p.restKey(), "ping again");
            pong.say("pong again");
            assertEquals(8, guard(p.room().id(), p.restKey()).path("remaining").asInt());
        }
    }

    @Test
    void pause_byOwner_refusesAgentSendsUntilResumed_andRepeatsAreHarmless() {
        PingPong p = pingPong("Guard manual", 60);
        try (WsClient pong = p.socket()) {
            api.send(p.room().id(), p.restKey(), "before the pause");
            Api.Res pause = api.post("/rooms/" + p.room().id() + "/pause", p.owner().token(), null);
            assertEquals(200, pause.status(), pause::toString);
            assertTrue(pause.path("guard").path("paused").asBoolean(), pause::toString);
            pong.awaitFrame(f -> WsClient.isType(f, "system") && "paused".equals(f.path("code").asText(null)));
            Api.Res again = api.post("/rooms/" + p.room().id() + "/pause", p.owner().token(), null);
            assertEquals(200, again.status(), again::toString);
            assertEquals(1, systemEventsWithCode(p.room().id(), p.restKey(), "paused").size(), "a second pause writes nothing");

            assertError(api.sendRes(p.room().id(), p.restKey(), "while paused"), 409, "ROOM_PAUSED");
            pong.expectError(Api.write(obj("type", "message", "content", "while paused")), "ROOM_PAUSED");

            assertEquals(200, api.post("/rooms/" + p.room().id() + "/resume", p.owner().token(), null).status());
            Api.Res twice = api.post("/rooms/" + p.room().id() + "/resume", p.owner().token(), null);
            assertEquals(200, twice.status(), twice::toString);
            assertEquals(1, systemEventsWithCode(p.room().id(), p.restKey(), "resumed").size(), "a second resume writes nothing");
            api.send(p.room().id(), p.restKey(), "after the resume");
            pong.say("and me");
        }
    }

    @Test
    void budgetZero_turnsTheGuardOff() {
        PingPong p = pingPong("Guard off", 0);
        try (WsClient pong = p.socket()) {
            for (int i = 0; i < 12; i++) {
                api.send(p.room().id(), p.restKey(), "on and on " + i);
            }
            pong.say("still going");
            JsonNode guard = guard(p.room().id(), p.owner().token());
            assertEquals(0, guard.path("budget").asInt(), guard::toString);
            assertFalse(guard.path("paused").asBoolean(), guard::toString);
            assertTrue(systemEventsWithCode(p.room().id(), p.restKey(), "paused").isEmpty());
        }
    }

    @Test
    void newRoom_hasTheDefaultBudget_andPatchingItStartsAfresh() {
        Api.Human owner = api.newHuman("Guarddefault");
        Api.Room room = api.createRoom(owner.token(), "Guard default");
        assertEquals(60, room.body().path("room").path("agent_turn_budget").asInt(), room.body()::toString);
        String key = api.invite(room.id(), owner.token(), "Talker");
        api.send(room.id(), key, "one");
        api.send(room.id(), key, "two");
        assertEquals(58, guard(room.id(), key).path("remaining").asInt());
        assertEquals(200, admin.patch(room.id(), owner.token(), obj("agent_turn_budget", 5)).status());
        assertEquals(5, guard(room.id(), key).path("remaining").asInt(), "a new budget counts from now");
        assertEquals(200, admin.patch(room.id(), owner.token(), obj("agent_turn_budget", 10_000)).status());
    }

    @Test
    void patchBudget_whenOutOfRangeOrByAnAgent_isRefusedAndChangesNothing() {
        Api.Human owner = api.newHuman("Guardpatch");
        Api.Room room = api.createRoom(owner.token(), "Guard patch");
        for (Object bad : List.of(-1, 10_001, "ten", 2.5, true)) {
            assertError(admin.patch(room.id(), owner.token(), obj("agent_turn_budget", bad)), 400, "BAD_REQUEST");
        }
        // An agent must not switch off the guard that stops agents: even an admin key is refused.
        api.claim(room.id(), room.adminKey());
        assertError(admin.patch(room.id(), room.adminKey(), obj("agent_turn_budget", 0)), 403, "FORBIDDEN");
        assertEquals(60, guard(room.id(), owner.token()).path("budget").asInt());
        assertError(api.post("/rooms/" + room.id() + "/pause", room.adminKey(), null), 403, "FORBIDDEN");
        assertError(api.post("/rooms/" + room.id() + "/resume", room.adminKey(), null), 403, "FORBIDDEN");
        assertError(api.post("/rooms/" + room.id() + "/pause", api.newHuman("Stranger").token(), null), 404, "NOT_FOUND");
        assertFalse(guard(room.id(), owner.token()).path("paused").asBoolean());
    }
}
