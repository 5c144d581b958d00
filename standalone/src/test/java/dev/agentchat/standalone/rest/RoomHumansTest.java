package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.standalone.support.WsClient;
import dev.agentchat.store.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The humans of a room (SPEC §10) over real HTTP and WebSocket: the owner's single-use links, accepting
 * them, roles and what each may do, listing and removing humans, {@code my_role}, and the
 * {@code for_human} link that makes its acceptor an agent's principal. Every refusal leaves the
 * stored state as it was (the sweeper is held off so nothing else writes meanwhile).
 */
@RunningServer(env = "SWEEP_INTERVAL_SECONDS=3600")
class RoomHumansTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    @Inject
    private static StoredState state;

    private static Api.Res delete(String path, String bearer) {
        return api.request("DELETE", path, bearer, null, Map.of());
    }

    private static Api.Res accept(String bearer, String token) {
        return api.post("/humans/accept", bearer, obj("token", token));
    }

    private static JsonNode roomListed(Api.Human human, String roomId) {
        Api.Res res = api.get("/rooms", human.token());
        assertEquals(200, res.status(), res::toString);
        return Api.list(res.path("rooms")).stream().filter(r -> roomId.equals(r.path("id").asText())).findFirst()
                .orElse(null);
    }

    /** GET /api/rooms reads an eventually consistent index: a join a moment old may take a moment to show. */
    private static JsonNode awaitListed(Api.Human human, String roomId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode listed;
        while ((listed = roomListed(human, roomId)) == null && System.nanoTime() < deadline) {
            sleep(50);
        }
        return listed;
    }

    private static void assertUnchanged(StoredState.Snapshot before, String what) {
        state.assertUnchanged(before, what);
    }

    @Test
    void ownersLink_acceptedBySignedInHuman_makesThemAHumanOfTheRoomWithTheRole() {
        Api.Human alice = api.newHuman("HumansAlice");
        Api.Human bob = api.newHuman("HumansBob");
        Api.Room room = api.createRoom(alice.token(), "Two humans");

        Api.Res made = api.post("/rooms/" + room.id() + "/humans", alice.token(), obj("role", "moderator"));
        assertEquals(201, made.status(), made::toString);
        String token = made.text("token");
        assertTrue(token.startsWith("hi_"), made::toString);
        assertTrue(made.text("invite_id").startsWith("hinv_"), made::toString);
        assertEquals("moderator", made.text("role"));
        assertEquals(api.apiBase().replaceFirst("/api$", "") + "/#/accept/" + token, made.text("link"));
        Duration left = Duration.between(Instant.now(), Instant.parse(made.text("expires_at")));
        assertTrue(left.compareTo(Duration.ofDays(7).minusMinutes(5)) > 0 && left.compareTo(Duration.ofDays(7)) <= 0,
                () -> "a link lasts 7 days: " + made);
        String stored = state.take().tables().toString();
        assertFalse(stored.contains(token), "the token is stored only as its digest");
        assertTrue(stored.contains(Api.sha256Hex(token)), "its digest is what is stored");

        Api.Res accepted = accept(bob.token(), token);
        assertEquals(200, accepted.status(), accepted::toString);
        assertEquals(room.id(), accepted.json().path("room").path("id").asText(), accepted::toString);
        assertEquals("Two humans", accepted.json().path("room").path("name").asText());
        assertEquals("moderator", accepted.text("role"));

        assertEquals("owner", roomListed(alice, room.id()).path("my_role").asText());
        JsonNode bobs = awaitListed(bob, room.id());
        assertTrue(bobs != null, "Bob's rooms list the room he joined");
        assertEquals("moderator", bobs.path("my_role").asText(), bobs::toString);
        assertEquals("moderator", api.roomInfo(room.id(), bob.token()).path("my_role").asText());
        assertEquals("owner", api.roomInfo(room.id(), alice.token()).path("my_role").asText());

        Api.Res humans = api.get("/rooms/" + room.id() + "/humans", bob.token());
        assertEquals(200, humans.status(), humans::toString);
        List<JsonNode> list = Api.list(humans.path("humans"));
        assertEquals(2, list.size(), humans::toString);
        assertEquals(alice.id(), list.get(0).path("user_id").asText());
        assertEquals("owner", list.get(0).path("role").asText());
        assertEquals(alice.name(), list.get(0).path("name").asText());
        assertEquals(bob.id(), list.get(1).path("user_id").asText());
        assertEquals("moderator", list.get(1).path("role").asText());
        assertEquals(bob.name(), list.get(1).path("name").asText());
        assertTrue(Api.TIMESTAMP.matcher(list.get(1).path("joined_at").asText()).matches(), humans::toString);

        // Bob posts and moderates as the verified human he is.
        Api.Res posted = api.post("/rooms/" + room.id() + "/messages", bob.token(), obj("content", "Hi, Bob here"));
        assertEquals(201, posted.status(), posted::toString);
        assertEquals("human", posted.text("sender_kind"));
        assertEquals(bob.id(), posted.text("from"));
        assertEquals(200, api.post("/rooms/" + room.id() + "/pause", bob.token(), null).status());
        assertEquals(200, api.post("/rooms/" + room.id() + "/resume", bob.token(), null).status());
    }

    @Test
    void link_usedExpiredUnknownOrMalformed_isAClear4xxAndChangesNothing() {
        Api.Human alice = api.newHuman("HumansLinkOwner");
        Api.Human bob = api.newHuman("HumansLinkBob");
        Api.Human carol = api.newHuman("HumansLinkCarol");
        Api.Room room = api.createRoom(alice.token(), "Spent links");
        String used = api.humanLink(room.id(), alice.token(), "member");
        assertEquals(200, accept(bob.token(), used).status());
        String expired = api.humanLink(room.id(), alice.token(), "member");
        server.dynamoDb().updateItem(UpdateItemRequest.builder().tableName(state.name(Tables.HUMAN_INVITES))
                .key(Map.of("token_hash", AttributeValue.fromS(Api.sha256Hex(expired))))
                .conditionExpression("attribute_exists(token_hash)")
                .updateExpression("SET valid_until = :past")
                .expressionAttributeValues(Map.of(":past",
                        AttributeValue.fromN(Long.toString(System.currentTimeMillis() - 1))))
                .build());

        StoredState.Snapshot before = state.take();
        Api.Res again = accept(carol.token(), used);
        assertError(again, 409, "CONFLICT");
        assertTrue(again.json().path("error").path("message").asText().contains("already used"), again::toString);
        Api.Res late = accept(carol.token(), expired);
        assertError(late, 409, "CONFLICT");
        assertTrue(late.json().path("error").path("message").asText().contains("expired"), late::toString);
        assertError(accept(carol.token(), "hi_" + "x".repeat(43)), 404, "NOT_FOUND");
        assertError(accept(carol.token(), "not-a-link"), 400, "BAD_REQUEST");
        assertError(api.post("/humans/accept", carol.token(), obj()), 400, "BAD_REQUEST");
        assertError(accept(room.adminKey(), used), 401, "UNAUTHORIZED");
        assertError(accept(null, used), 401, "UNAUTHORIZED");
        assertUnchanged(before, "refused accepts");
        assertEquals(null, roomListed(carol, room.id()), "Carol is in no room");
        assertError(api.post("/rooms/" + room.id() + "/messages", carol.token(), obj("content", "let me in")),
                404, "NOT_FOUND");
    }

    @Test
    void alreadyInTheRoom_acceptingALink_keepsTheRoleAndLeavesTheLinkForItsPerson() {
        Api.Human alice = api.newHuman("HumansTwiceOwner");
        Api.Human bob = api.newHuman("HumansTwiceBob");
        Api.Room room = api.createRoom(alice.token(), "Opened twice");
        String link = api.humanLink(room.id(), alice.token(), "moderator");

        StoredState.Snapshot before = state.take();
        Api.Res ownerTries = accept(alice.token(), link);
        assertEquals(200, ownerTries.status(), ownerTries::toString);
        assertEquals("owner", ownerTries.text("role"), "the owner stays owner");
        assertUnchanged(before, "the owner opening their own link");

        assertEquals("moderator", accept(bob.token(), link).text("role"), "the link still works for Bob");
        String second = api.humanLink(room.id(), alice.token(), "member");
        Api.Res twice = accept(bob.token(), second);
        assertEquals(200, twice.status(), twice::toString);
        assertEquals("moderator", twice.text("role"), "a member link does not demote a moderator");
    }

    @Test
    void memberHuman_watchesAndPosts_butCannotModerate() {
        Api.Human alice = api.newHuman("HumansRolesOwner");
        Api.Human mod = api.newHuman("HumansRolesMod");
        Api.Human mem = api.newHuman("HumansRolesMember");
        Api.Human other = api.newHuman("HumansRolesOther");
        Api.Room room = api.createRoom(alice.token(), "Roles");
        api.addHuman(room.id(), alice.token(), mod, "moderator");
        api.addHuman(room.id(), alice.token(), mem, "member");
        String agentKey = api.invite(room.id(), alice.token(), "Helper");
        String agentId = api.claim(room.id(), agentKey);
        String path = "/rooms/" + room.id();

        try (WsClient agent = WsClient.openJoined(server, "helper", room.id(), agentKey, null);
             WsClient watch = WsClient.open(server, "member watch")) {
            watch.watchAndAwait(room.id(), mem.token(), null);
            JsonNode ack = watch.say("From a member's socket", "m-1");
            assertEquals("human", ack.path("sender_kind").asText(), ack::toString);
            assertEquals(mem.id(), ack.path("from").asText(), ack::toString);
            JsonNode seen = WsClient.messageFields(agent.awaitFrame(WsClient.messageWithContent("From a member's socket")));
            assertEquals(mem.id(), seen.path("from").asText(), seen::toString);
        }
        assertEquals(201, api.post(path + "/messages", mem.token(), obj("content", "member over REST")).status());
        assertEquals(200, api.read(room.id(), mem.token(), "").status(), "a member reads the room");

        // The closed sockets' $disconnect (and the agent's leave) must be done before the snapshot.
        StoredState.Snapshot before = awaitSocketsGone(room.id(), agentKey);
        assertError(api.post(path + "/pause", mem.token(), null), 403, "FORBIDDEN");
        assertError(api.post(path + "/invites", mem.token(), obj("label", "Nope")), 403, "FORBIDDEN");
        assertError(api.post(path + "/humans", mem.token(), obj("role", "member")), 403, "FORBIDDEN");
        assertError(api.get(path + "/humans", mem.token()), 403, "FORBIDDEN");
        assertError(api.post(path + "/agents/" + agentId + "/kick", mem.token(), null), 403, "FORBIDDEN");
        assertError(admin.patch(room.id(), mem.token(), obj("name", "Mine now")), 403, "FORBIDDEN");
        assertError(delete(path + "/humans/" + mod.id(), mem.token()), 403, "FORBIDDEN");
        assertError(delete(path, mem.token()), 403, "FORBIDDEN");
        // A moderator moderates agents but does not own the room: no settings, no human links.
        assertError(admin.patch(room.id(), mod.token(), obj("name", "Mine now")), 403, "FORBIDDEN");
        assertError(api.post(path + "/humans", mod.token(), obj("role", "member")), 403, "FORBIDDEN");
        assertError(delete(path, mod.token()), 403, "FORBIDDEN");
        assertError(delete(path + "/humans/" + alice.id(), mod.token()), 403, "FORBIDDEN");
        assertError(delete(path + "/humans/" + alice.id(), alice.token()), 403, "FORBIDDEN");
        // The owner's link roles are moderator and member only.
        assertError(api.post(path + "/humans", alice.token(), obj("role", "owner")), 400, "BAD_REQUEST");
        assertError(api.post(path + "/humans", alice.token(), obj("role", "admin")), 400, "BAD_REQUEST");
        // Someone in no role here finds no room at all.
        assertError(api.get(path + "/humans", other.token()), 404, "NOT_FOUND");
        assertError(delete(path + "/humans/" + mem.id(), other.token()), 404, "NOT_FOUND");
        assertError(api.post(path + "/humans", other.token(), obj("role", "member")), 404, "NOT_FOUND");
        assertUnchanged(before, "refused moderation");

        assertEquals(201, api.post(path + "/invites", mod.token(), obj("label", "Mod's agent")).status());
        Api.Res kicked = api.post(path + "/agents/" + agentId + "/kick", mod.token(), null);
        assertEquals(200, kicked.status(), kicked::toString);
        assertError(delete(path + "/humans/" + mod.id(), mod.token()), 403, "FORBIDDEN");
        assertEquals(200, delete(path + "/humans/" + mem.id(), mod.token()).status(), "a moderator removes a member");
    }

    @Test
    void removedHuman_isRefusedAtOnce_andTheirWatchSocketCloses() {
        Api.Human alice = api.newHuman("HumansRemoveOwner");
        Api.Human carol = api.newHuman("HumansRemoveCarol");
        Api.Room room = api.createRoom(alice.token(), "Removal");
        api.addHuman(room.id(), alice.token(), carol, "member");
        String path = "/rooms/" + room.id();
        awaitListed(carol, room.id());

        try (WsClient watch = WsClient.open(server, "carol watch");
             WsClient ownerWatch = WsClient.open(server, "alice watch")) {
            watch.watchAndAwait(room.id(), carol.token(), null);
            ownerWatch.watchAndAwait(room.id(), alice.token(), null);
            assertEquals(201, api.post(path + "/messages", carol.token(), obj("content", "still here")).status());

            Api.Res removed = delete(path + "/humans/" + carol.id(), alice.token());
            assertEquals(200, removed.status(), removed::toString);
            assertEquals(carol.id(), removed.text("user_id"));
            assertEquals("member", removed.text("role"));
            watch.awaitError("KICKED");
            watch.awaitClosed();
            ownerWatch.assertAlive();
        }
        StoredState.Snapshot before = awaitSocketsGone(room.id(), null);
        assertError(api.post(path + "/messages", carol.token(), obj("content", "after removal")), 404, "NOT_FOUND");
        assertError(api.read(room.id(), carol.token(), ""), 404, "NOT_FOUND");
        try (WsClient again = WsClient.open(server, "carol again")) {
            again.expectError(Api.write(obj("type", "watch", "room", room.id(), "token", carol.token())), "NOT_FOUND");
        }
        assertError(delete(path + "/humans/" + carol.id(), alice.token()), 404, "NOT_FOUND");
        awaitSocketsGone(room.id(), null);
        assertUnchanged(before, "a removed human's calls");
        List<JsonNode> humans = Api.list(api.get(path + "/humans", alice.token()).path("humans"));
        assertEquals(List.of(alice.id()), humans.stream().map(h -> h.path("user_id").asText()).toList());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (roomListed(carol, room.id()) != null && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertEquals(null, roomListed(carol, room.id()), "the room left Carol's list");
    }

    /** Waits until the room has no socket rows and the agent's key (if any) no connection, then snapshots. */
    private static StoredState.Snapshot awaitSocketsGone(String roomId, String agentKey) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            StoredState.Snapshot now = state.take();
            boolean sockets = now.tables().get(state.name(Tables.CONNECTIONS)).values().stream()
                    .anyMatch(item -> item.containsKey("room_id") && roomId.equals(item.get("room_id").s()));
            boolean connected = agentKey != null && now.tables().get(state.name(Tables.KEYS)).values().stream()
                    .anyMatch(item -> Api.sha256Hex(agentKey).equals(item.get("key_hash").s())
                            && item.containsKey("conn_id"));
            if (!sockets && !connected || System.nanoTime() > deadline) {
                return now;
            }
            sleep(20);
        }
    }

    @Test
    void forHumanInvite_acceptedByBob_makesBobTheKeysPrincipalAndAMember() {
        Api.Human alice = api.newHuman("HumansFlowAlice");
        Api.Human bob = api.newHuman("HumansFlowBob");
        Api.Room room = api.createRoom(alice.token(), "Flow 1");
        Api.Res invite = admin.inviteOk(room.id(), alice.token(), obj("label", "Bob's agent", "for_human", true));
        JsonNode humanLink = invite.json().path("human_link");
        assertEquals("member", humanLink.path("role").asText(), invite::toString);
        String token = humanLink.path("token").asText();
        assertTrue(token.startsWith("hi_"), invite::toString);
        assertTrue(humanLink.path("link").asText().endsWith("/#/accept/" + token), invite::toString);
        assertFalse(admin.inviteOk(room.id(), alice.token(), obj("label", "Plain")).json().has("human_link"));
        assertFalse(keyItem(invite.text("key")).containsKey("principal_id"), "no principal until the link is accepted");
        assertTrue(api.roomInfo(room.id(), invite.text("key")).path("you").path("principal").isNull(),
                "the agent is told it has no principal yet");

        Api.Res accepted = accept(bob.token(), token);
        assertEquals(200, accepted.status(), accepted::toString);
        assertEquals("member", accepted.text("role"));
        Map<String, AttributeValue> key = keyItem(invite.text("key"));
        assertEquals(bob.id(), key.get("principal_id").s(), key::toString);
        assertEquals(bob.name(), key.get("principal_name").s(), key::toString);
        JsonNode you = api.roomInfo(room.id(), invite.text("key")).path("you");
        assertEquals(bob.id(), you.path("principal").path("user_id").asText(), you::toString);
        assertEquals(bob.name(), you.path("principal").path("name").asText(), you::toString);
        assertError(accept(api.newHuman("HumansFlowLate").token(), token), 409, "CONFLICT");
        assertEquals(bob.id(), keyItem(invite.text("key")).get("principal_id").s(), "the principal stays Bob");

        // Bob's agent and Bob talk in the room.
        String agentKey = invite.text("key");
        api.send(room.id(), agentKey, "Ready when you are, Bob.");
        assertEquals(201, api.post("/rooms/" + room.id() + "/messages", bob.token(), obj("content", "Go")).status());
        JsonNode last = api.readAll(room.id(), agentKey).stream()
                .filter(e -> "Go".equals(e.path("content").asText())).findFirst().orElseThrow();
        assertEquals(bob.id(), last.path("from").asText(), last::toString);
        assertEquals("human", last.path("sender_kind").asText(), last::toString);

        // An admin agent may make such a link too; the owner, already in the room, accepting it becomes the principal.
        Api.Res byAgent = admin.inviteOk(room.id(), room.adminKey(), obj("label", "Alice's", "for_human", true));
        Api.Res ownerAccepts = accept(alice.token(), byAgent.json().path("human_link").path("token").asText());
        assertEquals("owner", ownerAccepts.text("role"), ownerAccepts::toString);
        assertEquals(alice.id(), keyItem(byAgent.text("key")).get("principal_id").s());
    }

    @Test
    void forHumanLink_ofARevokedKey_isRefusedAndChangesNothing() {
        Api.Human alice = api.newHuman("HumansRevokedOwner");
        Api.Human bob = api.newHuman("HumansRevokedBob");
        Api.Room room = api.createRoom(alice.token(), "Revoked principal");
        Api.Res invite = admin.inviteOk(room.id(), alice.token(), obj("label", "Gone", "for_human", true));
        assertEquals(200, admin.revoke(room.id(), invite.text("key_id"), alice.token()).status());
        StoredState.Snapshot before = state.take();
        assertError(accept(bob.token(), invite.json().path("human_link").path("token").asText()), 409, "CONFLICT");
        assertUnchanged(before, "accepting the link of a revoked key");
    }

    private static List<String> mentions(JsonNode message) {
        assertTrue(message.path("mentions").isArray(), () -> "every message object has mentions: " + message);
        return Api.list(message.path("mentions")).stream().map(JsonNode::asText).toList();
    }

    private static List<String> contents(Api.Res read) {
        assertEquals(200, read.status(), read::toString);
        return Api.list(read.path("messages")).stream().map(m -> m.path("content").asText()).toList();
    }

    @Test
    void roomHumans_byName_areMentioned_andFindItWithMentionsMe_butARemovedHumanIsNot() {
        Api.Human alice = api.newHuman("HumansMentionOwner");
        Api.Human mod = api.newHuman("HumansMentionMod");
        Api.Human mem = api.newHuman("HumansMentionMember");
        Api.Human gone = api.newHuman("HumansMentionGone");
        Api.Room room = api.createRoom(alice.token(), "Mentions of humans");
        api.addHuman(room.id(), alice.token(), mod, "moderator");
        api.addHuman(room.id(), alice.token(), mem, "member");
        api.addHuman(room.id(), alice.token(), gone, "member");
        assertEquals(200, delete("/rooms/" + room.id() + "/humans/" + gone.id(), alice.token()).status());
        String agentKey = api.invite(room.id(), alice.token(), "Helper");
        api.claim(room.id(), agentKey);

        // Names are matched case-insensitively; the member's name is the longer of two sharing a prefix.
        String toHumans = "@" + mod.name() + " and @" + mem.name().toLowerCase() + ", please look; @"
                + gone.name() + " left";
        JsonNode sent = api.send(room.id(), agentKey, toHumans);
        assertEquals(List.of(mod.id(), mem.id()), mentions(sent), () -> "an agent mentions room humans: " + sent);
        Api.Res posted = api.post("/rooms/" + room.id() + "/messages", mem.token(),
                obj("content", "Thanks @" + alice.name() + "!"));
        assertEquals(201, posted.status(), posted::toString);
        assertEquals(List.of(alice.id()), mentions(posted.json()), posted::toString);

        List<JsonNode> stored = api.readAll(room.id(), alice.token()).stream()
                .filter(e -> "message".equals(e.path("type").asText())).toList();
        assertEquals(List.of(List.of(mod.id(), mem.id()), List.of(alice.id())),
                stored.stream().map(RoomHumansTest::mentions).toList(), "the stored events carry the mentions");
        assertEquals(List.of(toHumans), contents(api.read(room.id(), mem.token(), "after_seq=0&mentions=me")));
        assertEquals(List.of(toHumans), contents(api.read(room.id(), mod.token(), "after_seq=0&mentions=me")));
        assertEquals(List.of("Thanks @" + alice.name() + "!"),
                contents(api.read(room.id(), alice.token(), "after_seq=0&mentions=me")));
    }

    @Test
    void deletedRoom_takesItsHumansAlong() {
        Api.Human alice = api.newHuman("HumansDeleteOwner");
        Api.Human bob = api.newHuman("HumansDeleteBob");
        Api.Room room = api.createRoom(alice.token(), "Going away");
        api.addHuman(room.id(), alice.token(), bob, "member");
        String unused = api.humanLink(room.id(), alice.token(), "member");
        assertEquals(200, delete("/rooms/" + room.id(), alice.token()).status());
        assertTrue(state.take().tables().get(state.name(Tables.HUMANS)).values().stream()
                .noneMatch(item -> room.id().equals(item.get("room_id").s())), "no human of the room is left");
        assertError(accept(api.newHuman("HumansDeleteLate").token(), unused), 404, "NOT_FOUND");
        assertEquals(null, roomListed(bob, room.id()));
    }

    private static Map<String, AttributeValue> keyItem(String key) {
        return server.dynamoDb().getItem(GetItemRequest.builder().tableName(state.name(Tables.KEYS))
                .key(Map.of("key_hash", AttributeValue.fromS(Api.sha256Hex(key)))).consistentRead(true).build()).item();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
