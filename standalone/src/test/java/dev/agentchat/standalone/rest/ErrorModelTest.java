package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.enc;
import static dev.agentchat.standalone.support.Api.obj;
import static dev.agentchat.standalone.support.Api.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every error code of the contract, reached over real HTTP, with its status and JSON code, and
 * proof that a refused request changed nothing.
 *
 * <p>This server's limits: 2 rooms per user, 3 keys per room (the admin key counts), rooms of 2
 * members by default, a send burst of 5 (then one per 10 s); reads are effectively unlimited.
 */
@RunningServer(env = {
        "LIMIT_ROOMS_PER_USER=2",
        "LIMIT_KEYS_PER_ROOM=3",
        "LIMIT_ROOM_MEMBERS=2",
        "LIMIT_SEND_BURST=5",
        "LIMIT_SEND_PER_MINUTE=6"})
class ErrorModelTest {
    @Inject
    private static Api api;

    /** A room (max 3 members) with a claimed admin agent (the observer) and one member key. */
    private record Setup(Api.Human owner, String roomId, String adminKey, String memberKey) {
    }

    private static Setup setup(String tag) {
        Api.Human owner = api.newHuman(tag);
        Api.Room room = api.createRoom(owner.token(), obj("name", "Errors " + tag, "max_members", 3));
        api.claim(room.id(), room.adminKey());
        String member = api.invite(room.id(), room.adminKey(), "Member");
        return new Setup(owner, room.id(), room.adminKey(), member);
    }

    private static List<JsonNode> events(Setup s) {
        return api.readAll(s.roomId(), s.adminKey());
    }

    private static int agentCount(Setup s) {
        Api.Res info = api.roomInfo(s.roomId(), s.owner().token());
        assertEquals(200, info.status(), info::toString);
        return info.path("agents").size();
    }

    // ------------------------------------------------------------------ 400

    @Test
    void badRequest_signup() {
        String email = Api.uniqueEmail("bad");
        assertError(api.signup("not-an-email", Api.PASSWORD, "X"), 400, "BAD_REQUEST");
        assertError(api.signup(email, "short7!", "X"), 400, "BAD_REQUEST");
        assertError(api.signup(email, "p".repeat(73), "X"), 400, "BAD_REQUEST");
        assertError(api.signup(email, "€".repeat(25), "X"), 400, "BAD_REQUEST"); // 25 chars, 75 bytes
        assertError(api.post("/auth/signup", null, obj("email", email, "password", Api.PASSWORD)), 400, "BAD_REQUEST");
        assertError(api.post("/auth/signup", null, obj("email", email, "name", "X")), 400, "BAD_REQUEST");
        assertError(api.post("/auth/signup", null, obj("email", 42, "password", Api.PASSWORD, "name", "X")), 400,
                "BAD_REQUEST");
        assertError(api.post("/auth/signup", null, "this is not json"), 400, "BAD_REQUEST");
        assertError(api.post("/auth/signup", null, "[\"" + email + "\"]"), 400, "BAD_REQUEST");
        assertError(api.post("/auth/signup", null, "{\"email\":"), 400, "BAD_REQUEST");
        assertError(api.post("/auth/signup", null, null), 400, "BAD_REQUEST");
        assertError(api.post("/auth/login", null, obj("email", email)), 400, "BAD_REQUEST");
        assertError(api.post("/auth/login", null, "nope"), 400, "BAD_REQUEST");

        // None of those created the account: the e-mail is still free, and a 72-byte password is fine.
        Api.Res ok = api.signup(email, "p".repeat(72), "X");
        assertEquals(201, ok.status(), ok::toString);
    }

    @Test
    void badRequest_roomsAndInvites() {
        Api.Human owner = api.newHuman("badroom");
        assertError(api.createRoomRes(owner.token(), obj("description", "no name")), 400, "BAD_REQUEST");
        assertError(api.createRoomRes(owner.token(), obj("name", "   ")), 400, "BAD_REQUEST");
        assertError(api.createRoomRes(owner.token(), obj("name", "R", "type", "secret")), 400, "BAD_REQUEST");
        assertError(api.createRoomRes(owner.token(), obj("name", "R", "max_members", 0)), 400, "BAD_REQUEST");
        assertError(api.createRoomRes(owner.token(), obj("name", "R", "max_members", "ten")), 400, "BAD_REQUEST");
        assertError(api.createRoomRes(owner.token(), obj("name", "R", "max_members", 1_000_000)), 400, "BAD_REQUEST");
        assertError(api.createRoomRes(owner.token(), obj("name", 7)), 400, "BAD_REQUEST");
        assertError(api.post("/rooms", owner.token(), "{{"), 400, "BAD_REQUEST");
        assertEquals(0, api.get("/rooms", owner.token()).path("rooms").size(), "no room was created by a 400");

        String roomId = api.createRoom(owner.token(), "Good").id();
        assertError(api.inviteRes(roomId, owner.token(), obj("role", "owner")), 400, "BAD_REQUEST");
        assertError(api.inviteRes(roomId, owner.token(), obj("template", "nope")), 400, "BAD_REQUEST");
        assertError(api.inviteRes(roomId, owner.token(), obj("label", 12)), 400, "BAD_REQUEST");
        assertError(api.post("/rooms/" + roomId + "/invites", owner.token(), "[1,2]"), 400, "BAD_REQUEST");
        // The three refused invites took no key slot: two more invites still fit (3 keys with the admin's).
        api.invite(roomId, owner.token(), "one");
        api.invite(roomId, owner.token(), "two");
    }

    @Test
    void badRequest_send_writesNothing() {
        Setup s = setup("badsend");
        List<JsonNode> before = events(s);
        String path = "/rooms/" + s.roomId() + "/messages";
        assertError(api.post(path, s.memberKey(), obj()), 400, "BAD_REQUEST");
        assertError(api.post(path, s.memberKey(), obj("content", null)), 400, "BAD_REQUEST");
        assertError(api.sendRes(s.roomId(), s.memberKey(), ""), 400, "BAD_REQUEST");
        assertError(api.sendRes(s.roomId(), s.memberKey(), "   \n\t "), 400, "BAD_REQUEST");
        assertError(api.post(path, s.memberKey(), obj("content", 42)), 400, "BAD_REQUEST");
        assertError(api.post(path, s.memberKey(), obj("content", List.of("a"))), 400, "BAD_REQUEST");
        assertError(api.post(path, s.memberKey(), "content=hello"), 400, "BAD_REQUEST");
        assertError(api.post(path, s.memberKey(), null), 400, "BAD_REQUEST");
        assertError(api.sendRes(s.roomId(), s.memberKey(), "hello", "has space"), 400, "BAD_REQUEST");
        assertError(api.sendRes(s.roomId(), s.memberKey(), "hello", "k".repeat(256)), 400, "BAD_REQUEST");

        assertEquals(before, events(s), "a refused send writes no event, not even the key's first-use join");
        assertEquals(1, agentCount(s), "the member key was not claimed by refused sends");
    }

    @Test
    void badRequest_readParameters() {
        Setup s = setup("badread");
        String ts = api.readAll(s.roomId(), s.adminKey()).get(0).path("timestamp").asText();
        for (String query : List.of("limit=0", "limit=201", "limit=abc", "limit=-5", "wait=99", "wait=26",
                "wait=-1", "wait=soon", "after_seq=-1", "after_seq=x", "before_seq=0", "since=garbage",
                "since=2025-13-45", "after_seq=1&since=" + enc(ts), "after_seq=1&before_seq=5",
                "before_seq=5&since=" + enc(ts))) {
            assertError(api.read(s.roomId(), s.adminKey(), query), 400, "BAD_REQUEST");
        }
        // The boundaries themselves are fine.
        for (String query : List.of("limit=1", "limit=200", "wait=0", "after_seq=0", "before_seq=1",
                "since=" + enc(ts))) {
            Api.Res ok = api.read(s.roomId(), s.adminKey(), query);
            assertEquals(200, ok.status(), ok::toString);
        }
    }

    @Test
    void badRequest_heartbeatBody() {
        Setup s = setup("badbeat");
        assertError(api.heartbeat(s.roomId(), s.adminKey(), "not json"), 400, "BAD_REQUEST");
        assertError(api.heartbeat(s.roomId(), s.adminKey(), obj("name", 5)), 400, "BAD_REQUEST");
    }

    // ------------------------------------------------------------------ 401

    @Test
    void unauthorized() {
        Setup s = setup("unauth");
        List<JsonNode> before = events(s);
        String messages = "/rooms/" + s.roomId() + "/messages";
        String forgedKey = "ak_" + "A".repeat(43);

        assertError(api.get("/me", null), 401, "UNAUTHORIZED");
        assertError(api.get("/rooms", null), 401, "UNAUTHORIZED");
        assertError(api.createRoomRes(null, obj("name", "x")), 401, "UNAUTHORIZED");
        assertError(api.inviteRes(s.roomId(), null, obj()), 401, "UNAUTHORIZED");
        assertError(api.sendRes(s.roomId(), null, "hello"), 401, "UNAUTHORIZED");
        assertError(api.read(s.roomId(), null, ""), 401, "UNAUTHORIZED");
        assertError(api.roomInfo(s.roomId(), null), 401, "UNAUTHORIZED");
        assertError(api.heartbeat(s.roomId(), null, null), 401, "UNAUTHORIZED");
        assertError(api.post("/auth/logout", null, null), 401, "UNAUTHORIZED");

        assertError(api.sendRes(s.roomId(), forgedKey, "hello"), 401, "UNAUTHORIZED");
        assertError(api.read(s.roomId(), forgedKey, ""), 401, "UNAUTHORIZED");
        assertError(api.get("/me", "st_" + "B".repeat(43)), 401, "UNAUTHORIZED");
        assertError(api.get("/me", "xyz"), 401, "UNAUTHORIZED");
        assertError(api.sendRes(s.roomId(), "not-a-key", "hello"), 401, "UNAUTHORIZED");
        assertError(api.getWithAuthorization(messages, "Basic dXNlcjpwYXNz"), 401, "UNAUTHORIZED");
        assertError(api.getWithAuthorization(messages, s.memberKey()), 401, "UNAUTHORIZED"); // no "Bearer "
        assertError(api.getWithAuthorization(messages, "Bearer"), 401, "UNAUTHORIZED");
        assertError(api.getWithAuthorization("/me", "Bearer "), 401, "UNAUTHORIZED");

        String email = s.owner().email();
        assertError(api.login(email, "wrong password!"), 401, "UNAUTHORIZED");
        assertError(api.login(Api.uniqueEmail("nobody"), Api.PASSWORD), 401, "UNAUTHORIZED");

        assertEquals(before, events(s), "refused requests wrote nothing");
        assertEquals(1, agentCount(s));
    }

    // ------------------------------------------------------------------ 403

    @Test
    void forbidden() {
        Setup s = setup("forbid");
        Setup other = setup("forbid-other");
        List<JsonNode> before = events(s);
        List<JsonNode> otherBefore = events(other);

        // A member key may not invite.
        api.claim(s.roomId(), s.memberKey());
        before = events(s);
        assertError(api.inviteRes(s.roomId(), s.memberKey(), obj()), 403, "FORBIDDEN");

        // A key on another room's path: send, read, info, heartbeat.
        assertError(api.sendRes(other.roomId(), s.memberKey(), "wrong room"), 403, "FORBIDDEN");
        assertError(api.read(other.roomId(), s.memberKey(), ""), 403, "FORBIDDEN");
        assertError(api.roomInfo(other.roomId(), s.memberKey()), 403, "FORBIDDEN");
        assertError(api.heartbeat(other.roomId(), s.memberKey(), null), 403, "FORBIDDEN");
        // An admin key of one room is no admin of another.
        assertError(api.inviteRes(other.roomId(), s.adminKey(), obj()), 403, "FORBIDDEN");
        // An unused key on another room's path is refused before it is claimed anywhere.
        assertError(api.sendRes(s.roomId(), other.memberKey(), "wrong room, first use"), 403, "FORBIDDEN");

        // A human session: posting is a human's in their own room (SPEC §10, HumanPostsTest); another's
        // room does not exist for them.
        assertError(api.sendRes(other.roomId(), s.owner().token(), "humans cannot post here"), 404, "NOT_FOUND");
        // ...but the room's owner may read it (the web UI pages back through history).
        assertEquals(200, api.read(s.roomId(), s.owner().token(), "").status());
        assertError(api.read(other.roomId(), s.owner().token(), ""), 404, "NOT_FOUND");
        assertError(api.heartbeat(s.roomId(), s.owner().token(), null), 403, "FORBIDDEN");

        assertEquals(before, events(s), "refused requests wrote nothing");
        assertEquals(otherBefore, events(other), "refused requests wrote nothing in the other room");
        assertEquals(1, agentCount(other), "the other room's member key was not claimed");
        assertEquals(2, agentCount(s));
    }

    // ------------------------------------------------------------------ 404

    @Test
    void notFound() {
        Setup s = setup("notfound");
        Api.Human stranger = api.newHuman("stranger");
        assertError(api.inviteRes(s.roomId(), stranger.token(), obj()), 404, "NOT_FOUND");
        assertError(api.roomInfo(s.roomId(), stranger.token()), 404, "NOT_FOUND");
        assertError(api.roomInfo("room_doesNotExist0000", s.owner().token()), 404, "NOT_FOUND");
        assertError(api.inviteRes("room_doesNotExist0000", s.owner().token(), obj()), 404, "NOT_FOUND");
        assertError(api.get("/no-such-route", null), 404, "NOT_FOUND");
        assertEquals(1, agentCount(s));
        // The stranger's attempt issued no key: the room still has room for exactly one more (3 keys).
        api.invite(s.roomId(), s.owner().token(), null);
        assertError(api.inviteRes(s.roomId(), s.owner().token(), obj()), 409, "LIMIT_EXCEEDED");
    }

    @Test
    void wrongMethod_is405WithAllow_andChangesNothing() {
        Setup s = setup("method");
        List<JsonNode> before = events(s);
        // MCP clients probe GET /api/mcp for a server stream; a stateless server answers 405 (SPEC §12).
        Api.Res mcp = api.request("GET", "/mcp", s.adminKey(), null, Map.of());
        assertError(mcp, 405, "METHOD_NOT_ALLOWED");
        assertEquals("POST", mcp.header("Allow"));
        Api.Res messages = api.request("PUT", "/rooms/" + s.roomId() + "/messages", s.adminKey(),
                obj("content", "Sent with the wrong method"), Map.of());
        assertError(messages, 405, "METHOD_NOT_ALLOWED");
        assertEquals("POST, GET", messages.header("Allow"));
        assertEquals(before, events(s));
    }

    @Test
    void malformedInput_isA4xxWithTheErrorBody_neverA500() {
        Setup s = setup("malformed");
        // "%25zz" decodes to "%zz", which is no valid escape: whatever the room id, the answer is a 4xx.
        for (String path : List.of("/rooms/%25zz/messages", "/rooms/%25zz", "/rooms/%25/heartbeat",
                "/rooms/" + s.roomId() + "%25zz/messages")) {
            Api.Res res = api.get(path, s.adminKey());
            assertTrue(res.status() >= 400 && res.status() < 500, () -> "malformed path must be a 4xx: " + res);
            assertTrue(res.errorCode() != null, () -> "malformed path must get the JSON error body: " + res);
        }
        assertEquals(1, agentCount(s));
    }

    @Test
    void oversizedBody_is413WithTheErrorBody() {
        Setup s = setup("huge");
        List<JsonNode> before = events(s);
        // 2 MB: above every body limit (the handlers' 64 KB and the server's 1 MB).
        assertError(api.sendRes(s.roomId(), s.adminKey(), "y".repeat(2 * 1024 * 1024)), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.post("/auth/signup", null, "{\"email\":\"" + "z".repeat(2 * 1024 * 1024) + "\"}"), 413,
                "PAYLOAD_TOO_LARGE");
        assertEquals(before, events(s));
    }

    // ------------------------------------------------------------------ 409 CONFLICT

    @Test
    void conflict_duplicateEmail() {
        String email = Api.uniqueEmail("dup");
        assertEquals(201, api.signup(email, Api.PASSWORD, "First").status());
        assertError(api.signup(email, "another password", "Second"), 409, "CONFLICT");
        assertError(api.signup(email.toUpperCase(), "another password", "Third"), 409, "CONFLICT");
        // The first account is untouched: its password still works, the second's does not.
        Api.Res login = api.login(email, Api.PASSWORD);
        assertEquals(200, login.status(), login::toString);
        assertEquals("First", login.path("user").path("name").asText());
        assertError(api.login(email, "another password"), 401, "UNAUTHORIZED");
    }

    @Test
    void conflict_idempotencyKeyReusedForOtherContent() {
        Setup s = setup("idemconflict");
        Api.Res first = api.sendRes(s.roomId(), s.memberKey(), "original", "op-1");
        assertEquals(201, first.status(), first::toString);
        List<JsonNode> before = events(s);
        assertError(api.sendRes(s.roomId(), s.memberKey(), "different", "op-1"), 409, "CONFLICT");
        assertEquals(before, events(s));
    }

    // ------------------------------------------------------------------ 413

    @Test
    void payloadTooLarge_countsUtf8Bytes_andWritesNothing() {
        Setup s = setup("large");
        api.claim(s.roomId(), s.memberKey());
        List<JsonNode> before = events(s);

        assertError(api.sendRes(s.roomId(), s.memberKey(), "a".repeat(4097)), 413, "PAYLOAD_TOO_LARGE");
        assertError(api.sendRes(s.roomId(), s.memberKey(), "€".repeat(1366)), 413, "PAYLOAD_TOO_LARGE"); // 4098 bytes
        assertError(api.sendRes(s.roomId(), s.memberKey(), "😀".repeat(1025)), 413, "PAYLOAD_TOO_LARGE"); // 4100 bytes
        assertError(api.sendRes(s.roomId(), s.memberKey(), "x".repeat(70_000)), 413, "PAYLOAD_TOO_LARGE");
        assertEquals(before, events(s), "refused messages are not written");

        JsonNode ascii = api.send(s.roomId(), s.memberKey(), "a".repeat(4096));
        assertEquals(4096, ascii.path("content").asText().length());
        JsonNode euros = api.send(s.roomId(), s.memberKey(), "€".repeat(1365)); // 4095 bytes
        assertEquals("€".repeat(1365), euros.path("content").asText(), "multi-byte content survives the round trip");
        List<JsonNode> after = events(s);
        assertEquals(before.size() + 2, after.size());
        assertEquals(Api.withoutRecipients(euros), after.get(after.size() - 1));
    }

    // ------------------------------------------------------------------ 429

    @Test
    void rateLimited_sendBurst_withRetryAfter_andWritesNothing() {
        Setup s = setup("burst");
        api.claim(s.roomId(), s.memberKey());
        for (int i = 1; i <= 5; i++) {
            api.send(s.roomId(), s.memberKey(), "burst " + i);
        }
        List<JsonNode> before = events(s);
        Api.Res limited = api.sendRes(s.roomId(), s.memberKey(), "one too many");
        assertError(limited, 429, "RATE_LIMITED");
        String retryAfter = limited.header("Retry-After");
        assertTrue(retryAfter != null && retryAfter.matches("\\d+") && Integer.parseInt(retryAfter) >= 1,
                () -> "Retry-After must be whole seconds >= 1: " + retryAfter);
        assertEquals(before, events(s), "a rate-limited message is not written");
        // The admin has its own budget.
        api.send(s.roomId(), s.adminKey(), "I can still talk");
    }

    // ------------------------------------------------------------------ LIMIT_EXCEEDED

    @Test
    void limitExceeded_roomsPerUser() {
        Api.Human owner = api.newHuman("roomlimit");
        api.createRoom(owner.token(), "one");
        api.createRoom(owner.token(), "two");
        assertError(api.createRoomRes(owner.token(), obj("name", "three")), 409, "LIMIT_EXCEEDED");
        assertEquals(2, api.get("/rooms", owner.token()).path("rooms").size(), "the refused room does not exist");
        // The limit is per user.
        api.createRoom(api.newHuman("roomlimit-other").token(), "other's");
    }

    @Test
    void limitExceeded_keysPerRoom_adminKeyCounts() {
        Api.Human owner = api.newHuman("keylimit");
        Api.Room room = api.createRoom(owner.token(), "keys");
        String k1 = api.invite(room.id(), owner.token(), "k1");
        api.invite(room.id(), room.adminKey(), "k2");
        assertError(api.inviteRes(room.id(), owner.token(), obj("label", "k3")), 409, "LIMIT_EXCEEDED");
        assertError(api.inviteRes(room.id(), room.adminKey(), obj("label", "k3")), 409, "LIMIT_EXCEEDED");
        // The refused invites created no usable key; the issued ones still work.
        api.claim(room.id(), k1);
        assertEquals(2, api.roomInfo(room.id(), owner.token()).path("agents").size());
    }

    // ------------------------------------------------------------------ ROOM_FULL

    @Test
    void roomFull_defaultMaxMembers_refusesTheClaim_andChangesNothing() {
        Api.Human owner = api.newHuman("full");
        Api.Room room = api.createRoom(owner.token(), "full");
        assertEquals(2, room.body().path("room").path("max_members").asInt(), "default from LIMIT_ROOM_MEMBERS");
        String k1 = api.invite(room.id(), owner.token(), "first");
        String k2 = api.invite(room.id(), owner.token(), "second");
        api.claim(room.id(), k1);
        api.send(room.id(), k2, "I fit");
        List<JsonNode> before = api.readAll(room.id(), k1);
        assertEquals(3, before.size(), before::toString); // two joins and a message

        assertError(api.sendRes(room.id(), room.adminKey(), "let me in"), 409, "ROOM_FULL");
        assertError(api.read(room.id(), room.adminKey(), ""), 409, "ROOM_FULL");
        assertError(api.heartbeat(room.id(), room.adminKey(), null), 409, "ROOM_FULL");

        assertEquals(before, api.readAll(room.id(), k1), "no join, no message was written");
        Api.Res info = api.roomInfo(room.id(), owner.token());
        assertEquals(2, info.path("agents").size(), info::toString);
    }

    @Test
    void roomFull_explicitMaxMembersOfOne() {
        Api.Human owner = api.newHuman("full1");
        Api.Room room = api.createRoom(owner.token(), obj("name", "solo", "max_members", 1));
        String member = api.invite(room.id(), owner.token(), "late");
        api.claim(room.id(), room.adminKey());
        List<JsonNode> before = api.readAll(room.id(), room.adminKey());
        assertEquals(List.of(1L), seqs(before));
        assertError(api.sendRes(room.id(), member, "hello"), 409, "ROOM_FULL");
        assertError(api.sendRes(room.id(), member, "hello again"), 409, "ROOM_FULL");
        assertEquals(before, api.readAll(room.id(), room.adminKey()));
        assertEquals(1, api.roomInfo(room.id(), owner.token()).path("agents").size());
    }
}
