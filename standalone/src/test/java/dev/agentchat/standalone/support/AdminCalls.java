package dev.agentchat.standalone.support;

import static dev.agentchat.standalone.support.Api.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The room-management routes (issue 4) as a human's browser or an admin agent calls them:
 * invites list and revoke, kick and ban, room settings and delete, public rooms. Thin wrappers
 * over {@link Api#request}, so the tests read like the API they exercise.
 */
public final class AdminCalls {
    private final Api api;

    public AdminCalls(Api api) {
        this.api = api;
    }

    public Api.Res listInvites(String roomId, String auth) {
        return api.get("/rooms/" + roomId + "/invites", auth);
    }

    /** The invite list, checked to be a 200 that holds no key plaintext. */
    public List<JsonNode> invites(String roomId, String auth) {
        Api.Res res = listInvites(roomId, auth);
        assertEquals(200, res.status(), res::toString);
        assertNoSecrets(res);
        assertFalse(res.raw().contains("ak_") || res.raw().contains("rk_"), () -> "a key in the invite list: " + res);
        return Api.list(res.path("invites"));
    }

    public Optional<JsonNode> invite(String roomId, String auth, String keyId) {
        return invites(roomId, auth).stream().filter(i -> keyId.equals(i.path("key_id").asText())).findFirst();
    }

    public Api.Res revoke(String roomId, String keyId, String auth) {
        return api.request("DELETE", "/rooms/" + roomId + "/invites/" + enc(keyId), auth, null, Map.of());
    }

    public Api.Res kick(String roomId, String agentId, String auth) {
        return api.post("/rooms/" + roomId + "/agents/" + enc(agentId) + "/kick", auth, null);
    }

    public Api.Res ban(String roomId, String agentId, String auth) {
        return api.post("/rooms/" + roomId + "/agents/" + enc(agentId) + "/ban", auth, null);
    }

    /** A ban that also bars the address the agent joined from. */
    public Api.Res banByAddress(String roomId, String agentId, String auth) {
        return ban(roomId, agentId, auth, Map.of("by_address", true));
    }

    public Api.Res ban(String roomId, String agentId, String auth, Object body) {
        return api.post("/rooms/" + roomId + "/agents/" + enc(agentId) + "/ban", auth, body);
    }

    public Api.Res patch(String roomId, String auth, Object body) {
        return api.request("PATCH", "/rooms/" + roomId, auth, body, Map.of());
    }

    public Api.Res deleteRoom(String roomId, String auth) {
        return api.request("DELETE", "/rooms/" + roomId, auth, null, Map.of());
    }

    /** {@code POST /api/rooms/{room}/join} without any Authorization header, as a stranger would. */
    public Api.Res publicJoin(String roomId, Object body) {
        return api.post("/rooms/" + roomId + "/join", null, body);
    }

    public Api.Res publicRooms(String query) {
        return api.get("/public-rooms" + (query == null ? "" : "?q=" + enc(query)), null);
    }

    /** A new invite with the given body (label, role, template), checked to be a 201. */
    public Api.Res inviteOk(String roomId, String auth, Map<String, Object> body) {
        Api.Res res = api.inviteRes(roomId, auth, body);
        assertEquals(201, res.status(), res::toString);
        assertTrue(res.text("key").startsWith("ak_"), res::toString);
        assertTrue(res.text("key_id").startsWith("key_"), res::toString);
        return res;
    }

    /** The room's events of type {@code system}, oldest first, read by an agent of the room. */
    public List<JsonNode> systemEvents(String roomId, String agentKey) {
        return api.readAll(roomId, agentKey).stream().filter(e -> "system".equals(e.path("type").asText())).toList();
    }

    /** The owner's list of rooms contains the room (by id). */
    public boolean ownerLists(String ownerToken, String roomId) {
        Api.Res res = api.get("/rooms", ownerToken);
        assertEquals(200, res.status(), res::toString);
        for (JsonNode room : res.path("rooms")) {
            if (roomId.equals(room.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** An invite key or room key plaintext (a prefix and base62 of 32 random bytes). */
    public static final Pattern SECRET = Pattern.compile("(ak|rk)_[0-9A-Za-z]{20,}");

    /** No invite key or room key plaintext anywhere in the body. */
    public static void assertNoSecrets(Api.Res res) {
        assertFalse(SECRET.matcher(res.raw()).find(), () -> "a key plaintext leaked: " + res);
    }
}
