package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Moderation as it happens: revoking keys, kicking and banning agents that talk over REST and
 * over WebSocket. The removed agent is cut off at once (403 on REST, an error frame and a closed
 * socket on WebSocket), the room says so in a {@code system} event, and the seat and key slot
 * become free again.
 */
@RunningServer(env = "LIMIT_KEYS_PER_ROOM=" + ModerationFlowTest.KEYS_PER_ROOM)
class ModerationFlowTest {
    static final int KEYS_PER_ROOM = 5;

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    private static Api.Human owner;

    @BeforeAll
    static void setUp() {
        owner = api.newHuman("ModFlow");
    }

    @Test
    void revoke_cutsOffTheRestAgent_writesASystemEvent_freesSeatAndKeySlot() {
        // Two seats; the admin key is never used, so it holds a key slot but no seat.
        Api.Room room = api.createRoom(owner.token(), obj("name", "Revoke room", "max_members", 2));
        Api.Res alice = admin.inviteOk(room.id(), owner.token(), obj("label", "Alice"));
        String bob = api.invite(room.id(), owner.token(), "Bob");
        String aliceAgent = api.claim(room.id(), alice.text("key"));
        String bobAgent = api.claim(room.id(), bob);
        Api.Res carol = admin.inviteOk(room.id(), owner.token(), obj("label", "Carol"));
        assertError(api.heartbeat(room.id(), carol.text("key"), null), 409, "ROOM_FULL");
        Api.Res dave = admin.inviteOk(room.id(), owner.token(), obj("label", "Dave"));
        // admin, Alice, Bob, Carol, Dave: the room's five key slots are taken.
        assertError(api.inviteRes(room.id(), owner.token(), obj("label", "Eve")), 409, "LIMIT_EXCEEDED");
        api.send(room.id(), alice.text("key"), "Alice here, about to be revoked.");

        // The invite list shows who holds what, and never a key.
        JsonNode aliceInvite = admin.invite(room.id(), owner.token(), alice.text("key_id")).orElseThrow();
        assertEquals("Alice", aliceInvite.path("label").asText(), aliceInvite::toString);
        assertEquals("member", aliceInvite.path("role").asText(), aliceInvite::toString);
        assertEquals(aliceAgent, aliceInvite.path("claimed_by").asText(), aliceInvite::toString);
        assertEquals("Alice", aliceInvite.path("agent_name").asText(), aliceInvite::toString);
        assertTrue(Api.TIMESTAMP.matcher(aliceInvite.path("claimed_at").asText()).matches(), aliceInvite::toString);
        assertTrue(Api.TIMESTAMP.matcher(aliceInvite.path("created_at").asText()).matches(), aliceInvite::toString);
        assertFalse(aliceInvite.path("revoked").asBoolean(), aliceInvite::toString);
        JsonNode carolInvite = admin.invite(room.id(), owner.token(), carol.text("key_id")).orElseThrow();
        assertTrue(carolInvite.path("claimed_by").isNull(), () -> "a refused first use claims nothing: " + carolInvite);
        assertEquals(KEYS_PER_ROOM, admin.invites(room.id(), owner.token()).size());

        Api.Res revoke = admin.revoke(room.id(), alice.text("key_id"), owner.token());
        assertEquals(200, revoke.status(), revoke::toString);
        assertTrue(revoke.path("revoked").asBoolean(), revoke::toString);
        assertEquals(alice.text("key_id"), revoke.text("key_id"), revoke::toString);

        // Alice is cut off on every agent route.
        assertError(api.sendRes(room.id(), alice.text("key"), "still here?"), 403, "FORBIDDEN");
        assertError(api.read(room.id(), alice.text("key"), ""), 403, "FORBIDDEN");
        assertError(api.heartbeat(room.id(), alice.text("key"), null), 403, "FORBIDDEN");
        assertError(api.roomInfo(room.id(), alice.text("key")), 403, "FORBIDDEN");
        // Revoking again changes nothing; an unknown key id is a 404.
        Api.Res again = admin.revoke(room.id(), alice.text("key_id"), owner.token());
        assertEquals(200, again.status(), again::toString);
        assertTrue(again.path("revoked").asBoolean(), again::toString);
        assertError(admin.revoke(room.id(), "key_doesNotExist1", owner.token()), 404, "NOT_FOUND");

        JsonNode revoked = admin.invite(room.id(), owner.token(), alice.text("key_id")).orElseThrow();
        assertTrue(revoked.path("revoked").asBoolean(), revoked::toString);
        List<String> present = Api.list(api.roomInfo(room.id(), owner.token()).path("agents")).stream()
                .map(a -> a.path("agent_id").asText()).toList();
        assertFalse(present.contains(aliceAgent), () -> "a revoked agent is no longer in the room: " + present);
        assertTrue(present.contains(bobAgent), present::toString);

        // The room was told, once.
        List<JsonNode> notes = admin.systemEvents(room.id(), bob).stream()
                .filter(e -> aliceAgent.equals(e.path("agent_id").asText())).toList();
        assertEquals(1, notes.size(), () -> "one system event for one revocation: " + notes);
        JsonNode note = notes.get(0);
        assertEquals("system", note.path("sender_kind").asText(), note::toString);
        assertTrue(note.path("content").asText().contains("Alice"), note::toString);
        assertTrue(note.path("content").asText().contains("revoked"), note::toString);
        // Alice's earlier message stays in the history.
        assertTrue(api.readAll(room.id(), bob).stream()
                .anyMatch(e -> e.path("content").asText().equals("Alice here, about to be revoked.")));

        // Her seat is free: Carol, refused before, gets in now.
        assertEquals(200, api.heartbeat(room.id(), carol.text("key"), null).status());
        // Her key slot is free: one more invite fits, then the limit holds again.
        Api.Res eve = admin.inviteOk(room.id(), owner.token(), obj("label", "Eve"));
        assertError(api.inviteRes(room.id(), owner.token(), obj("label", "Frank")), 409, "LIMIT_EXCEEDED");
        // Revoking a key nobody used frees its key slot, but there was no seat to free.
        assertEquals(200, admin.revoke(room.id(), dave.text("key_id"), owner.token()).status());
        admin.inviteOk(room.id(), owner.token(), obj("label", "Frank"));
        assertError(api.heartbeat(room.id(), eve.text("key"), null), 409, "ROOM_FULL");
        assertTrue(admin.systemEvents(room.id(), bob).stream().anyMatch(e -> e.path("content").asText().contains("Dave")),
                "revoking an unused key is noted too");
    }

    @Test
    void revoke_closesTheAgentsWebSocketWithRevoked() {
        Api.Room room = api.createRoom(owner.token(), "Revoke socket room");
        Api.Res wes = admin.inviteOk(room.id(), owner.token(), obj("label", "Wes"));
        String listener = api.invite(room.id(), owner.token(), "Listener");
        api.claim(room.id(), listener);
        try (WsClient socket = WsClient.openAndJoin(server, "Wes", room.id(), wes.text("key"))) {
            String wesAgent = admin.invite(room.id(), owner.token(), wes.text("key_id")).orElseThrow()
                    .path("claimed_by").asText();

            Api.Res revoke = admin.revoke(room.id(), wes.text("key_id"), room.adminKey());
            assertEquals(200, revoke.status(), revoke::toString);

            JsonNode error = socket.awaitError("REVOKED");
            assertFalse(error.path("message").asText().isBlank(), error::toString);
            socket.awaitClosed();
            assertError(api.read(room.id(), wes.text("key"), ""), 403, "FORBIDDEN");
            assertTrue(admin.systemEvents(room.id(), listener).stream()
                    .anyMatch(e -> wesAgent.equals(e.path("agent_id").asText()) && e.path("content").asText().contains("revoked")));
        }
        // Coming back on a new socket with the revoked key is refused.
        try (WsClient again = WsClient.open(server, "Wes again")) {
            JsonNode reply = again.joinAnswer(room.id(), wes.text("key"), null, null);
            assertEquals("error", reply.path("type").asText(), reply::toString);
            assertEquals("FORBIDDEN", reply.path("code").asText(), reply::toString);
        }
    }

    @Test
    void kick_cutsOffRestAndWebSocketAgents_freesTheSeat_andTheAgentMayBeInvitedAgain() {
        Api.Room room = api.createRoom(owner.token(), obj("name", "Kick room", "max_members", 3));
        String adminAgent = api.claim(room.id(), room.adminKey());
        Api.Res rex = admin.inviteOk(room.id(), owner.token(), obj("label", "Rex"));
        String rexAgent = api.claim(room.id(), rex.text("key"));
        Api.Res kim = admin.inviteOk(room.id(), owner.token(), obj("label", "Kim"));
        Api.Res zed = admin.inviteOk(room.id(), owner.token(), obj("label", "Zed"));
        try (WsClient kimSocket = WsClient.openAndJoin(server, "Kim", room.id(), kim.text("key"))) {
            String kimAgent = admin.invite(room.id(), owner.token(), kim.text("key_id")).orElseThrow()
                    .path("claimed_by").asText();
            assertTrue(kimAgent.startsWith("agt_"), kimAgent);
            assertError(api.heartbeat(room.id(), zed.text("key"), null), 409, "ROOM_FULL");

            // The admin agent kicks the REST agent.
            Api.Res kick = admin.kick(room.id(), rexAgent, room.adminKey());
            assertEquals(200, kick.status(), kick::toString);
            assertTrue(kick.path("kicked").asBoolean(), kick::toString);
            assertEquals(rexAgent, kick.text("agent_id"), kick::toString);
            assertError(api.sendRes(room.id(), rex.text("key"), "let me back"), 403, "FORBIDDEN");
            assertError(api.read(room.id(), rex.text("key"), ""), 403, "FORBIDDEN");
            assertError(admin.kick(room.id(), rexAgent, room.adminKey()), 404, "NOT_FOUND");
            assertError(admin.kick(room.id(), "agt_doesNotExist01", owner.token()), 404, "NOT_FOUND");
            assertTrue(admin.invite(room.id(), owner.token(), rex.text("key_id")).orElseThrow().path("revoked").asBoolean());
            // Rex's seat went to Zed.
            assertEquals(200, api.heartbeat(room.id(), zed.text("key"), null).status());

            // The owner kicks the WebSocket agent: error frame KICKED, then the socket closes.
            Api.Res kickKim = admin.kick(room.id(), kimAgent, owner.token());
            assertEquals(200, kickKim.status(), kickKim::toString);
            kimSocket.awaitError("KICKED");
            kimSocket.awaitClosed();
            assertError(api.read(room.id(), kim.text("key"), ""), 403, "FORBIDDEN");

            // An admin agent cannot kick itself.
            assertError(admin.kick(room.id(), adminAgent, room.adminKey()), 400, "BAD_REQUEST");

            List<JsonNode> notes = admin.systemEvents(room.id(), room.adminKey());
            for (String[] agentAndName : new String[][] {{rexAgent, "Rex"}, {kimAgent, "Kim"}}) {
                List<JsonNode> mine = notes.stream().filter(e -> agentAndName[0].equals(e.path("agent_id").asText())).toList();
                assertEquals(1, mine.size(), () -> "one system event per kick: " + notes);
                assertEquals("system", mine.get(0).path("sender_kind").asText());
                assertTrue(mine.get(0).path("content").asText().contains(agentAndName[1]), mine::toString);
            }
        }

        // A kicked agent may be invited again: a new key, a new agent, Kim's freed seat.
        Api.Res rexAgain = admin.inviteOk(room.id(), owner.token(), obj("label", "Rex"));
        String newRexAgent = api.claim(room.id(), rexAgain.text("key"));
        assertNotEquals(rexAgent, newRexAgent);
        JsonNode said = api.send(room.id(), rexAgain.text("key"), "Rex is back, behaving.");
        assertEquals("Rex", said.path("from_name").asText(), said::toString);
        // The old key stays dead.
        assertError(api.read(room.id(), rex.text("key"), ""), 403, "FORBIDDEN");
    }

    @Test
    void anAdmin_cannotReachIntoAnotherRoom() {
        Api.Room mine = api.createRoom(owner.token(), "Mine");
        Api.Room theirs = api.createRoom(owner.token(), "Theirs");
        Api.Res bee = admin.inviteOk(theirs.id(), owner.token(), obj("label", "Bee"));
        String beeAgent = api.claim(theirs.id(), bee.text("key"));

        // Through my room's paths, with my room's admin key (or even the owner's session), their
        // key and agent are simply not found.
        assertError(admin.revoke(mine.id(), bee.text("key_id"), mine.adminKey()), 404, "NOT_FOUND");
        assertError(admin.kick(mine.id(), beeAgent, mine.adminKey()), 404, "NOT_FOUND");
        assertError(admin.ban(mine.id(), beeAgent, owner.token()), 404, "NOT_FOUND");
        assertError(admin.revoke(mine.id(), bee.text("key_id"), owner.token()), 404, "NOT_FOUND");
        assertEquals(200, api.heartbeat(theirs.id(), bee.text("key"), null).status(), "Bee is untouched");
        assertFalse(admin.invite(theirs.id(), owner.token(), bee.text("key_id")).orElseThrow().path("revoked").asBoolean());
        assertTrue(admin.systemEvents(theirs.id(), bee.text("key")).isEmpty());
    }

    @Test
    void ban_ofAnInvitedAgent_refusesItsNameAtThePublicJoin() {
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Ban by name room", "type", "public"));
        assertEquals(201, created.status(), created::toString);
        String roomId = created.path("room").path("id").asText();
        String roomKey = created.path("room").path("room_key").asText();
        Api.Res mallory = admin.inviteOk(roomId, owner.token(), obj("label", "Mallory"));
        String malloryAgent = api.claim(roomId, mallory.text("key"));
        String watcher = api.invite(roomId, owner.token(), "Watcher");

        Api.Res ban = admin.ban(roomId, malloryAgent, owner.token());
        assertEquals(200, ban.status(), ban::toString);
        assertTrue(ban.path("banned").asBoolean(), ban::toString);
        assertEquals(malloryAgent, ban.text("agent_id"), ban::toString);
        assertError(api.sendRes(roomId, mallory.text("key"), "hello?"), 403, "FORBIDDEN");
        assertError(admin.ban(roomId, malloryAgent, owner.token()), 404, "NOT_FOUND");

        // The same name, in any case, cannot come back through the public join.
        assertError(admin.publicJoin(roomId, obj("room_key", roomKey, "name", "mALLORY")), 403, "FORBIDDEN");
        assertError(admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Mallory")), 403, "FORBIDDEN");
        // Someone else can (Mallory had an invite, so no address of hers was on record).
        Api.Res trent = admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Trent"));
        assertEquals(201, trent.status(), trent::toString);

        List<JsonNode> notes = admin.systemEvents(roomId, watcher).stream()
                .filter(e -> malloryAgent.equals(e.path("agent_id").asText())).toList();
        assertEquals(1, notes.size(), notes::toString);
        assertTrue(notes.get(0).path("content").asText().contains("Mallory"), notes::toString);
        assertTrue(notes.get(0).path("content").asText().contains("banned"), notes::toString);
    }

    @Test
    void banByAddress_ofAPublicJoiner_closesItsSocket_andRefusesItsAddress_whileKickOnlyRemoves() {
        // In one public room a kicked agent may come straight back through the public join…
        Api.Res kickRoom = api.createRoomRes(owner.token(), obj("name", "Kick then rejoin room", "type", "public"));
        String kickRoomId = kickRoom.path("room").path("id").asText();
        String kickRoomKey = kickRoom.path("room").path("room_key").asText();
        Api.Res kay = admin.publicJoin(kickRoomId, obj("room_key", kickRoomKey, "name", "Kay"));
        assertEquals(201, kay.status(), kay::toString);
        String kayAgent = api.claim(kickRoomId, kay.text("key"));
        assertEquals(200, admin.kick(kickRoomId, kayAgent, owner.token()).status());
        Api.Res kayAgain = admin.publicJoin(kickRoomId, obj("room_key", kickRoomKey, "name", "Kay"));
        assertEquals(201, kayAgain.status(), () -> "a kick is not a ban: " + kayAgain);
        assertEquals(200, api.heartbeat(kickRoomId, kayAgain.text("key"), null).status());

        // …in another, a banned one cannot, under any name, from the same address.
        Api.Res banRoom = api.createRoomRes(owner.token(), obj("name", "Ban by address room", "type", "public"));
        String banRoomId = banRoom.path("room").path("id").asText();
        String banRoomKey = banRoom.path("room").path("room_key").asText();
        Api.Res eve = admin.publicJoin(banRoomId, obj("room_key", banRoomKey, "name", "Eve"));
        assertEquals(201, eve.status(), eve::toString);
        try (WsClient socket = WsClient.openAndJoin(server, "Eve", banRoomId, eve.text("key"))) {
            String eveAgent = admin.invite(banRoomId, owner.token(), eve.text("key_id")).orElseThrow()
                    .path("claimed_by").asText();
            Api.Res ban = admin.banByAddress(banRoomId, eveAgent, banRoom.text("admin_key"));
            assertEquals(200, ban.status(), ban::toString);
            socket.awaitError("KICKED");
            socket.awaitClosed();
        }
        assertError(api.read(banRoomId, eve.text("key"), ""), 403, "FORBIDDEN");
        assertError(admin.publicJoin(banRoomId, obj("room_key", banRoomKey, "name", "Totally Not Eve")), 403, "FORBIDDEN");
        assertError(admin.publicJoin(banRoomId, obj("room_key", banRoomKey)), 403, "FORBIDDEN");
        assertTrue(admin.systemEvents(banRoomId, banRoom.text("admin_key")).stream()
                .anyMatch(e -> e.path("content").asText().contains("Eve") && e.path("content").asText().contains("banned")));
        // The ban is this room's only: the other public room still takes joiners from here.
        Api.Res elsewhere = admin.publicJoin(kickRoomId, obj("room_key", kickRoomKey, "name", "Eve"));
        assertEquals(201, elsewhere.status(), elsewhere::toString);
    }

    @Test
    void ban_ofAPublicJoiner_barsThatAgent_notEveryAgentFromItsAddress() {
        Api.Res room = api.createRoomRes(owner.token(), obj("name", "Ban the agent room", "type", "public"));
        String roomId = room.path("room").path("id").asText();
        String roomKey = room.path("room").path("room_key").asText();
        // Two agents from one address, as every agent on this machine is (127.0.0.1).
        Api.Res mal = admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Mal"));
        Api.Res zoe = admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Zoe"));
        assertEquals(201, mal.status(), mal::toString);
        assertEquals(201, zoe.status(), zoe::toString);
        String malAgent = api.claim(roomId, mal.text("key"));
        api.claim(roomId, zoe.text("key"));

        Api.Res ban = admin.ban(roomId, malAgent, owner.token());
        assertEquals(200, ban.status(), ban::toString);
        assertError(api.read(roomId, mal.text("key"), ""), 403, "FORBIDDEN");
        assertError(admin.publicJoin(roomId, obj("room_key", roomKey, "name", "mal")), 403, "FORBIDDEN");
        // The other agent at that address keeps its seat, and a newcomer from there still joins.
        assertEquals(200, api.heartbeat(roomId, zoe.text("key"), null).status());
        Api.Res newcomer = admin.publicJoin(roomId, obj("room_key", roomKey, "name", "Ned"));
        assertEquals(201, newcomer.status(), () -> "the ban barred the address: " + newcomer);
        assertError(admin.ban(roomId, api.claim(roomId, newcomer.text("key")), owner.token(), obj("by_address", "yes")),
                400, "BAD_REQUEST");
    }
}
