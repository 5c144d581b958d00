package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.enc;
import static dev.agentchat.standalone.support.Api.obj;
import static dev.agentchat.standalone.support.Api.range;
import static dev.agentchat.standalone.support.Api.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The whole REST journey over real HTTP: a human sets up a room, two agents join and talk. */
@RunningServer
class RestFlowTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    @Test
    void health_answersOk() {
        Api.Res res = api.get("/health", null);
        assertEquals(200, res.status(), res::toString);
        assertEquals("ok", res.text("status"));
        assertTrue(res.header("Content-Type").startsWith("application/json"), res::toString);
    }

    @Test
    void configJson_pointsAtThisServer() {
        Api.Res res = api.absolute("GET", server.baseUrl() + "/config.json");
        assertEquals(200, res.status(), res::toString);
        assertEquals(server.baseUrl() + "/api", res.text("apiBase"), res::toString);
        assertEquals("ws://127.0.0.1:" + server.port() + "/ws", res.text("wsUrl"), res::toString);
    }

    @Test
    void fullFlow_signupToTwoAgentsTalking() {
        // A human signs up and signs in.
        String email = Api.uniqueEmail("Flow");
        Api.Res signup = api.signup(email, Api.PASSWORD, "Flo Human");
        assertEquals(201, signup.status(), signup::toString);
        String userId = signup.text("id");
        assertTrue(userId.startsWith("usr_"), signup::toString);
        assertEquals(email.toLowerCase(), signup.text("email"));
        assertEquals("Flo Human", signup.text("name"));
        assertTrue(Api.TIMESTAMP.matcher(signup.text("created_at")).matches(), signup::toString);
        assertFalse(signup.raw().contains(Api.PASSWORD), "the password must never come back");
        assertFalse(signup.json().has("password_hash") || signup.json().has("password"), signup::toString);

        Api.Res login = api.login(email, Api.PASSWORD);
        assertEquals(200, login.status(), login::toString);
        String token = login.text("token");
        assertTrue(token.startsWith("st_"), login::toString);
        assertEquals(userId, login.path("user").path("id").asText());
        assertEquals(email.toLowerCase(), login.path("user").path("email").asText());
        Api.Res upperCase = api.login(email.toUpperCase(), Api.PASSWORD);
        assertEquals(200, upperCase.status(), () -> "e-mail addresses are case-insensitive: " + upperCase);
        assertEquals(userId, upperCase.path("user").path("id").asText());
        assertNotEquals(token, upperCase.text("token"), "each sign-in opens its own session");

        Api.Res me = api.get("/me", token);
        assertEquals(200, me.status(), me::toString);
        assertEquals(userId, me.text("id"));
        assertEquals("Flo Human", me.text("name"));

        // The human creates a room.
        Api.Res created = api.createRoomRes(token, obj("name", "Flow room", "description", "Where agents meet"));
        assertEquals(201, created.status(), created::toString);
        JsonNode room = created.path("room");
        String roomId = room.path("id").asText();
        assertTrue(roomId.startsWith("room_"), created::toString);
        assertEquals("Flow room", room.path("name").asText());
        assertEquals("Where agents meet", room.path("description").asText());
        assertEquals("private", room.path("type").asText());
        assertEquals(10, room.path("max_members").asInt(), "default max_members is LIMIT_ROOM_MEMBERS (10)");
        assertEquals(userId, room.path("owner_id").asText());
        assertTrue(Api.TIMESTAMP.matcher(room.path("created_at").asText()).matches(), created::toString);
        assertTrue(created.text("admin_key").startsWith("ak_"), created::toString);
        assertTrue(created.text("admin_key_id").startsWith("key_"), created::toString);

        // It invites two agents: one with a label, one without.
        Api.Res inviteA = api.inviteRes(roomId, token, obj("label", "Alice"));
        assertEquals(201, inviteA.status(), inviteA::toString);
        assertTrue(inviteA.text("key").startsWith("ak_"), inviteA::toString);
        assertTrue(inviteA.text("key_id").startsWith("key_"), inviteA::toString);
        assertEquals("Alice", inviteA.text("label"));
        assertEquals("member", inviteA.text("role"));
        assertEquals("generic", inviteA.text("template"));
        String keyA = inviteA.text("key");
        Api.Res inviteB = api.inviteRes(roomId, token, obj());
        assertEquals(201, inviteB.status(), inviteB::toString);
        String keyB = inviteB.text("key");
        assertNotEquals(keyA, keyB);
        assertNotEquals(inviteA.text("key_id"), inviteB.text("key_id"));
        assertTrue(inviteB.path("label").isNull() || inviteB.path("label").isMissingNode(), inviteB::toString);

        // Agent A speaks first: its first request claims its key (join = seq 1), its message is seq 2.
        JsonNode a1 = api.send(roomId, keyA, "Hello from A, anyone here?");
        assertTrue(a1.path("id").asText().startsWith("msg_"), a1::toString);
        assertEquals(roomId, a1.path("room_id").asText());
        assertEquals(2, a1.path("seq").asLong(), () -> "A's join is seq 1, its message seq 2: " + a1);
        String agentA = a1.path("agent_id").asText();
        assertTrue(agentA.startsWith("agt_"), a1::toString);
        assertEquals(agentA, a1.path("from").asText());
        assertEquals("Alice", a1.path("from_name").asText(), "the invite label names the agent");
        assertEquals("agent", a1.path("sender_kind").asText());
        assertEquals("Hello from A, anyone here?", a1.path("content").asText());
        assertEquals("message", a1.path("type").asText());
        assertTrue(Api.TIMESTAMP.matcher(a1.path("timestamp").asText()).matches(), a1::toString);

        // Agent B introduces itself in its first request: it joins under that name.
        JsonNode b1 = api.send(roomId, keyB, "Hi, I'm Claude. Nice to meet you.");
        assertEquals(4, b1.path("seq").asLong(), () -> "B's join is seq 3: " + b1);
        String agentB = b1.path("agent_id").asText();
        assertTrue(agentB.startsWith("agt_"), b1::toString);
        assertNotEquals(agentA, agentB);
        assertEquals("Claude", b1.path("from_name").asText(), "a self-introduction in the first message names the agent");

        // Both read everything, in order; B's join already named it, so no rename note follows.
        for (String key : List.of(keyA, keyB)) {
            Api.Res read = api.read(roomId, key, "");
            assertEquals(200, read.status(), read::toString);
            List<JsonNode> events = Api.list(read.path("messages"));
            assertEquals(range(1, 4), seqs(events), read::toString);
            assertFalse(read.path("has_more").asBoolean(), read::toString);
            assertEquals(4, read.path("next_seq").asLong());
            assertEquals(events.get(3).path("timestamp").asText(), read.text("next_since"));

            JsonNode joinA = events.get(0);
            assertEquals("join", joinA.path("type").asText(), joinA::toString);
            assertEquals("system", joinA.path("sender_kind").asText(), joinA::toString);
            assertEquals(agentA, joinA.path("agent_id").asText(), joinA::toString);
            assertEquals("Alice", joinA.path("from_name").asText(), joinA::toString);
            assertEquals(a1.path("id").asText(), events.get(1).path("id").asText());
            // own says who reads: each sender, and only it, reads its message as its own.
            assertEquals(key.equals(keyA), events.get(1).path("own").asBoolean(), () -> key + " reads " + events);
            assertEquals(key.equals(keyB), events.get(3).path("own").asBoolean(), () -> key + " reads " + events);
            assertFalse(events.get(0).has("own") || events.get(2).has("own"), () -> "joins are the server's: " + events);
            assertEquals(Api.withoutRecipients(a1), Api.withoutOwn(events.get(1)),
                    "a read returns the message exactly as its send acknowledged it");
            assertTrue(a1.path("recipients").has("unreachable"), "a send says who it reaches: " + a1);
            JsonNode joinB = events.get(2);
            assertEquals("join", joinB.path("type").asText(), joinB::toString);
            assertEquals(agentB, joinB.path("agent_id").asText(), joinB::toString);
            assertEquals("Claude", joinB.path("from_name").asText(),
                    "the first request's introduction names B as it joins");
            assertEquals("Claude joined the room.", joinB.path("content").asText(), joinB::toString);
            assertEquals(Api.withoutRecipients(b1), Api.withoutOwn(events.get(3)));
            for (JsonNode e : events) {
                assertEquals(roomId, e.path("room_id").asText(), e::toString);
                assertEquals(e.path("agent_id").asText(), e.path("from").asText(), e::toString);
            }
            for (int i = 1; i < events.size(); i++) {
                assertTrue(events.get(i - 1).path("timestamp").asText().compareTo(events.get(i).path("timestamp").asText()) < 0,
                        "timestamps strictly increase: " + events);
            }
        }

        // A speaks again; B picks it up with either cursor.
        Api.Res firstReadB = api.read(roomId, keyB, "after_seq=0");
        String sinceB = firstReadB.text("next_since");
        JsonNode a2 = Api.withoutRecipients(api.send(roomId, keyA, "B, what are you working on?"));
        assertEquals(5, a2.path("seq").asLong());
        Api.Res bySince = api.read(roomId, keyB, "since=" + enc(sinceB));
        assertEquals(200, bySince.status(), bySince::toString);
        assertEquals(List.of(a2), Api.list(bySince.path("messages")), bySince::toString);
        assertEquals(5, bySince.path("next_seq").asLong());
        assertEquals(a2.path("timestamp").asText(), bySince.text("next_since"));
        Api.Res bySeq = api.read(roomId, keyB, "after_seq=4");
        assertEquals(List.of(a2), Api.list(bySeq.path("messages")), bySeq::toString);

        // Only the first message names: a later introduction does not rename B.
        JsonNode b2 = api.send(roomId, keyB, "My name is Bob, by the way.");
        assertEquals("Claude", b2.path("from_name").asText(), b2::toString);
        assertEquals(agentB, b2.path("agent_id").asText());

        // Room info, for an agent and for the owner, lists both agents as polling.
        for (String auth : List.of(keyA, token)) {
            Api.Res info = api.roomInfo(roomId, auth);
            assertEquals(200, info.status(), info::toString);
            assertEquals(roomId, info.path("room").path("id").asText());
            assertEquals("Flow room", info.path("room").path("name").asText());
            Map<String, JsonNode> agents = new HashMap<>();
            info.path("agents").forEach(a -> agents.put(a.path("agent_id").asText(), a));
            assertEquals(Set.of(agentA, agentB), agents.keySet(), info::toString);
            assertEquals("Alice", agents.get(agentA).path("name").asText());
            assertEquals("Claude", agents.get(agentB).path("name").asText());
            for (JsonNode agent : agents.values()) {
                assertEquals("polling", agent.path("status").asText(), agent::toString);
                assertEquals("member", agent.path("role").asText(), agent::toString);
                assertEquals("rest", agent.path("connection_type").asText(), agent::toString);
                assertTrue(Api.TIMESTAMP.matcher(agent.path("last_seen").asText()).matches(), agent::toString);
            }
        }
    }

    @Test
    void names_comeFromLabelThenIntroductionThenFallback() {
        Api.Human human = api.newHuman("names");
        String roomId = api.createRoom(human.token(), "Names").id();
        Map<String, String> contents = Map.of(
                "I am Gemini and I review code.", "Gemini",
                "Hello! This is GPT speaking.", "GPT",
                "My name is bob.", "bob",
                "I am going to help with the tests.", "",
                "hello there", "");
        for (Map.Entry<String, String> entry : contents.entrySet()) {
            String key = api.invite(roomId, human.token(), null);
            JsonNode message = api.send(roomId, key, entry.getKey());
            String expected = entry.getValue().isEmpty()
                    ? "Agent " + Api.sha256Hex(key).substring(0, 6) : entry.getValue();
            assertEquals(expected, message.path("from_name").asText(), () -> "for '" + entry.getKey() + "': " + message);
        }
        // A label beats an introduction.
        String labelled = api.invite(roomId, human.token(), "Reviewer");
        JsonNode message = api.send(roomId, labelled, "Hi, I'm Claude.");
        assertEquals("Reviewer", message.path("from_name").asText(), message::toString);
    }

    @Test
    void heartbeat_namesAnUnlabelledAgentButNotALabelledOne() {
        Api.Human human = api.newHuman("beat");
        String roomId = api.createRoom(human.token(), "Beats").id();
        String plain = api.invite(roomId, human.token(), null);
        String labelled = api.invite(roomId, human.token(), "Labelled");

        Api.Res beat = api.heartbeat(roomId, plain, obj("name", "Zed"));
        assertEquals(200, beat.status(), beat::toString);
        assertTrue(beat.path("ok").asBoolean(), beat::toString);
        String plainId = beat.text("agent_id");
        assertTrue(plainId.startsWith("agt_"), beat::toString);
        assertEquals("Zed", beat.text("name"));

        Api.Res beat2 = api.heartbeat(roomId, labelled, obj("name", "Impostor"));
        assertEquals(200, beat2.status(), beat2::toString);
        assertEquals("Labelled", beat2.text("name"));

        JsonNode sent = api.send(roomId, plain, "Hello, I'm Claude.");
        assertEquals("Zed", sent.path("from_name").asText(), "a chosen name is not overridden by an introduction");

        Api.Res info = api.roomInfo(roomId, human.token());
        Map<String, String> names = Api.list(info.path("agents")).stream()
                .collect(Collectors.toMap(a -> a.path("agent_id").asText(), a -> a.path("name").asText()));
        assertEquals("Zed", names.get(plainId), info::toString);
        assertEquals(Set.of("Zed", "Labelled"), Set.copyOf(names.values()), info::toString);
    }

    @Test
    void send_serverSetsTheSenderFields_clientCannotSpoofThem() {
        Api.Human human = api.newHuman("spoof");
        String roomId = api.createRoom(human.token(), "Spoof").id();
        String key = api.invite(roomId, human.token(), "Honest");
        String agentId = api.claim(roomId, key);
        Api.Res res = api.post("/rooms/" + roomId + "/messages", key, obj(
                "content", "trust me", "sender_kind", "human", "type", "system", "from_name", "The Owner",
                "agent_id", "agt_someoneElse00", "from", "agt_someoneElse00", "seq", 1, "id", "msg_forged",
                "timestamp", "2000-01-01T00:00:00.000Z", "room_id", "room_other"));
        assertEquals(201, res.status(), res::toString);
        JsonNode m = res.json();
        assertEquals("agent", m.path("sender_kind").asText(), m::toString);
        assertEquals("message", m.path("type").asText(), m::toString);
        assertEquals("Honest", m.path("from_name").asText(), m::toString);
        assertEquals(agentId, m.path("agent_id").asText(), m::toString);
        assertEquals(agentId, m.path("from").asText(), m::toString);
        assertEquals(roomId, m.path("room_id").asText(), m::toString);
        assertEquals(2, m.path("seq").asLong(), m::toString);
        assertNotEquals("msg_forged", m.path("id").asText());
        assertFalse(m.path("timestamp").asText().startsWith("2000-"), m::toString);
        List<JsonNode> events = api.readAll(roomId, key);
        assertEquals(Api.withoutRecipients(m), Api.withoutOwn(events.get(events.size() - 1)));
    }

    /** Sign-out finds its session's watch sockets in one query, whatever rooms they watch. */
    @Test
    void logout_closesThatSessionsWatchSocketsInEveryRoom_andLeavesTheOtherSessionsOpen() {
        Api.Human human = api.newHuman("logout-sockets");
        String otherToken = api.login(human.email(), Api.PASSWORD).text("token");
        Api.Room first = api.createRoom(human.token(), "Watched one");
        Api.Room second = api.createRoom(human.token(), "Watched two");
        try (WsClient one = WsClient.open(server, "one");
             WsClient two = WsClient.open(server, "two");
             WsClient other = WsClient.open(server, "other session")) {
            one.watchAndAwait(first.id(), human.token(), null);
            two.watchAndAwait(second.id(), human.token(), null);
            other.watchAndAwait(first.id(), otherToken, null);

            assertEquals(200, api.post("/auth/logout", human.token(), null).status());

            for (WsClient signedOut : List.of(one, two)) {
                signedOut.awaitError("UNAUTHORIZED");
                signedOut.awaitClosed();
            }
            other.assertAlive();
        }
    }

    @Test
    void logout_invalidatesOnlyThatToken() {
        Api.Human human = api.newHuman("logout");
        Api.Res second = api.login(human.email(), Api.PASSWORD);
        assertEquals(200, second.status(), second::toString);
        String otherToken = second.text("token");
        assertNotEquals(human.token(), otherToken);

        assertEquals(200, api.get("/me", human.token()).status());
        Api.Res logout = api.post("/auth/logout", human.token(), null);
        assertEquals(200, logout.status(), logout::toString);

        assertError(api.get("/me", human.token()), 401, "UNAUTHORIZED");
        assertError(api.get("/rooms", human.token()), 401, "UNAUTHORIZED");
        assertError(api.createRoomRes(human.token(), obj("name", "after logout")), 401, "UNAUTHORIZED");
        assertError(api.post("/auth/logout", human.token(), null), 401, "UNAUTHORIZED");

        Api.Res stillIn = api.get("/me", otherToken);
        assertEquals(200, stillIn.status(), "another session of the same user stays valid: " + stillIn);
        assertEquals(human.id(), stillIn.text("id"));
    }

    @Test
    void myRooms_listsOnlyMine() {
        Api.Human alice = api.newHuman("alice");
        Api.Human bob = api.newHuman("bob");
        assertEquals(0, api.get("/rooms", alice.token()).path("rooms").size());

        String a1 = api.createRoom(alice.token(), "Alice one").id();
        String a2 = api.createRoom(alice.token(), obj("name", "Alice two", "type", "private", "max_members", 4)).id();
        String b1 = api.createRoom(bob.token(), "Bob one").id();

        Api.Res aliceRooms = api.get("/rooms", alice.token());
        assertEquals(200, aliceRooms.status(), aliceRooms::toString);
        Map<String, JsonNode> byId = new HashMap<>();
        aliceRooms.path("rooms").forEach(r -> byId.put(r.path("id").asText(), r));
        assertEquals(Set.of(a1, a2), byId.keySet(), aliceRooms::toString);
        assertEquals("Alice two", byId.get(a2).path("name").asText());
        assertEquals(4, byId.get(a2).path("max_members").asInt());
        assertEquals(alice.id(), byId.get(a1).path("owner_id").asText());

        Api.Res bobRooms = api.get("/rooms", bob.token());
        assertEquals(List.of(b1), Api.list(bobRooms.path("rooms")).stream().map(r -> r.path("id").asText()).toList(),
                bobRooms::toString);
    }

    @Test
    void instructions_carryTheRealUrlsRoomAndKey() {
        Api.Human human = api.newHuman("instr");
        Api.Res created = api.createRoomRes(human.token(), obj("name", "Instruction room"));
        assertEquals(201, created.status(), created::toString);
        String roomId = created.path("room").path("id").asText();
        String wsUrl = "ws://127.0.0.1:" + server.port() + "/ws";
        assertTrue(server.baseUrl().startsWith("http://127.0.0.1:"), server.baseUrl());

        String adminBlock = created.text("instructions");
        assertInstructions(adminBlock, roomId, created.text("admin_key"), wsUrl);
        assertTrue(adminBlock.contains("Instruction room"), adminBlock);

        Api.Res invite = api.inviteRes(roomId, human.token(), obj("label", "Helper", "template", "generic"));
        assertEquals(201, invite.status(), invite::toString);
        assertInstructions(invite.text("instructions"), roomId, invite.text("key"), wsUrl);

        // The block's own REST recipe works as written: send to the URL it names, with the key it names.
        String key = invite.text("key");
        String sendUrl = api.apiBase() + "/rooms/" + roomId + "/messages";
        assertTrue(invite.text("instructions").contains("POST " + sendUrl), invite.text("instructions"));
        JsonNode sent = api.send(roomId, key, "Following the instructions.");
        assertEquals("Helper", sent.path("from_name").asText());
    }

    private static void assertInstructions(String block, String roomId, String key, String wsUrl) {
        assertTrue(block != null && !block.isBlank(), "instructions missing");
        assertTrue(block.contains(server.baseUrl() + "/api"), () -> "base URL " + server.baseUrl() + "/api missing:\n" + block);
        assertFalse(block.contains("https://127.0.0.1"), () -> "the server speaks plain http:\n" + block);
        assertTrue(block.contains(wsUrl), () -> "WebSocket URL " + wsUrl + " missing:\n" + block);
        assertTrue(block.contains(roomId), () -> "room id missing:\n" + block);
        assertTrue(block.contains(key), () -> "key missing:\n" + block);
        assertFalse(block.contains("{{"), () -> "unfilled placeholder:\n" + block);
    }

    @Test
    void adminKey_canInvite_andAnAdminInviteCanInviteToo() {
        Api.Human human = api.newHuman("admins");
        Api.Room room = api.createRoom(human.token(), "Admins");

        Api.Res byAdminKey = api.inviteRes(room.id(), room.adminKey(), obj("label", "Deputy", "role", "admin"));
        assertEquals(201, byAdminKey.status(), byAdminKey::toString);
        assertEquals("admin", byAdminKey.text("role"));
        String deputy = byAdminKey.text("key");

        Api.Res byDeputy = api.inviteRes(room.id(), deputy, obj("label", "Worker"));
        assertEquals(201, byDeputy.status(), byDeputy::toString);
        assertEquals("member", byDeputy.text("role"));

        Api.Res info = api.roomInfo(room.id(), human.token());
        Map<String, String> roles = Api.list(info.path("agents")).stream()
                .collect(Collectors.toMap(a -> a.path("name").asText(), a -> a.path("role").asText()));
        assertEquals("admin", roles.get("Deputy"), info::toString);
        assertEquals(2, roles.size(), () -> "the admin key and the deputy have been used, the worker's key not: " + info);
        assertTrue(roles.values().stream().allMatch("admin"::equals), info::toString);
    }

    @Test
    void paging_latestLimitAndBeforeSeq() {
        Api.Human human = api.newHuman("paging");
        String roomId = api.createRoom(human.token(), "Paging").id();
        String key = api.invite(roomId, human.token(), "Pager");
        for (int i = 1; i <= 6; i++) {
            api.send(roomId, key, "message " + i);
        }
        // Events: join (1) + 6 messages (2..7).
        Api.Res latest = api.read(roomId, key, "limit=3");
        assertEquals(200, latest.status(), latest::toString);
        assertEquals(List.of(5L, 6L, 7L), seqs(Api.list(latest.path("messages"))), latest::toString);
        assertTrue(latest.path("has_more").asBoolean(), latest::toString);
        assertEquals(7, latest.path("next_seq").asLong());

        Api.Res older = api.read(roomId, key, "before_seq=5&limit=3");
        assertEquals(List.of(2L, 3L, 4L), seqs(Api.list(older.path("messages"))), older::toString);
        assertTrue(older.path("has_more").asBoolean(), older::toString);
        Api.Res oldest = api.read(roomId, key, "before_seq=2&limit=3");
        assertEquals(List.of(1L), seqs(Api.list(oldest.path("messages"))), oldest::toString);
        assertFalse(oldest.path("has_more").asBoolean(), oldest::toString);

        Api.Res forward = api.read(roomId, key, "after_seq=2&limit=2");
        assertEquals(List.of(3L, 4L), seqs(Api.list(forward.path("messages"))), forward::toString);
        assertTrue(forward.path("has_more").asBoolean(), forward::toString);
        assertEquals(4, forward.path("next_seq").asLong());

        Api.Res all = api.read(roomId, key, "after_seq=0&limit=200");
        assertEquals(range(1, 7), seqs(Api.list(all.path("messages"))));
        assertFalse(all.path("has_more").asBoolean());

        Api.Res nothingNew = api.read(roomId, key, "after_seq=7");
        assertEquals(0, nothingNew.path("messages").size(), nothingNew::toString);
        assertFalse(nothingNew.path("has_more").asBoolean());
        assertEquals(7, nothingNew.path("next_seq").asLong(), "the cursor is echoed when nothing is new");
        Api.Res defaultLimit = api.read(roomId, key, "");
        assertEquals(7, defaultLimit.path("messages").size(), "no cursor: the latest (up to 50) events");
    }
}
