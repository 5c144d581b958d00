package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.StoredState;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The owner's outstanding human invite links over real HTTP (listed without their tokens,
 * revoked by id, at most {@code LIMIT_HUMAN_LINKS_PER_ROOM} at once, here 3), and a human leaving a
 * room themself (the owner may not). Every refusal leaves the stored state as it was.
 */
@RunningServer(env = {"SWEEP_INTERVAL_SECONDS=3600", "LIMIT_HUMAN_LINKS_PER_ROOM=3"})
class HumanLinksAndLeavingTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;
    @Inject
    private static StoredState state;

    private static Api.Res delete(String path, String bearer) {
        return api.request("DELETE", path, bearer, null, Map.of());
    }

    private static Api.Res makeLink(Api.Room room, String bearer, String role) {
        return api.post("/rooms/" + room.id() + "/humans", bearer, obj("role", role));
    }

    private static List<JsonNode> links(Api.Room room, String bearer) {
        Api.Res res = api.get("/rooms/" + room.id() + "/human-links", bearer);
        assertEquals(200, res.status(), res::toString);
        return Api.list(res.path("links"));
    }

    /** The listing reads an eventually consistent index: waits (bounded) until its ids are the ones expected. */
    private static List<JsonNode> awaitLinks(Api.Room room, String bearer, List<String> inviteIds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> listed = links(room, bearer);
        while (!ids(listed).equals(inviteIds) && System.nanoTime() < deadline) {
            sleep(50);
            listed = links(room, bearer);
        }
        assertEquals(inviteIds, ids(listed), "the outstanding links, oldest first");
        return listed;
    }

    private static List<String> ids(List<JsonNode> links) {
        return links.stream().map(l -> l.path("invite_id").asText()).toList();
    }

    private static void assertUnchanged(StoredState.Snapshot before, String what) {
        state.assertUnchanged(before, what);
    }

    @Test
    void owner_listsOutstandingLinksWithoutTokens_andARevokedLinkNoLongerLetsAnyoneIn() {
        Api.Human alice = api.newHuman("LinksOwner");
        Api.Human mod = api.newHuman("LinksMod");
        Api.Human bob = api.newHuman("LinksBob");
        Api.Room room = api.createRoom(alice.token(), "Outstanding links");
        Api.Res first = makeLink(room, alice.token(), "moderator");
        Api.Res second = makeLink(room, alice.token(), "member");
        Api.Res agent = api.inviteRes(room.id(), alice.token(), obj("label", "Bob's agent", "for_human", true));
        assertEquals(201, agent.status(), agent::toString);
        JsonNode forHuman = agent.json().path("human_link");

        List<JsonNode> listed = awaitLinks(room, alice.token(),
                List.of(first.text("invite_id"), second.text("invite_id"), forHuman.path("invite_id").asText()));
        Api.Res listing = api.get("/rooms/" + room.id() + "/human-links", alice.token());
        assertEquals(3, listing.path("limit").asInt(), () -> "the cap is told with the list: " + listing);
        String raw = listing.raw();
        for (String token : List.of(first.text("token"), second.text("token"), forHuman.path("token").asText())) {
            assertFalse(raw.contains(token), "a listing never shows a token again");
            assertFalse(raw.contains(Api.sha256Hex(token)), "nor its digest");
        }
        assertEquals("moderator", listed.get(0).path("role").asText());
        assertEquals(first.text("expires_at"), listed.get(0).path("expires_at").asText());
        assertEquals(alice.id(), listed.get(0).path("created_by").asText());
        assertFalse(listed.get(0).path("agent_invite").asBoolean());
        assertTrue(listed.get(2).path("agent_invite").asBoolean(), () -> "made by a for_human invite: " + listed);
        assertTrue(Api.TIMESTAMP.matcher(listed.get(1).path("created_at").asText()).matches(), listed::toString);

        // Only the owner sees or revokes them; a used link leaves the list.
        Api.Res accepted = api.post("/humans/accept", mod.token(), obj("token", first.text("token")));
        assertEquals("moderator", accepted.text("role"), accepted::toString);
        awaitLinks(room, alice.token(), List.of(second.text("invite_id"), forHuman.path("invite_id").asText()));
        String path = "/rooms/" + room.id() + "/human-links/" + second.text("invite_id");
        StoredState.Snapshot before = state.take();
        assertError(api.get("/rooms/" + room.id() + "/human-links", mod.token()), 403, "FORBIDDEN");
        assertError(delete(path, mod.token()), 403, "FORBIDDEN");
        assertError(delete(path, room.adminKey()), 403, "FORBIDDEN");
        assertError(delete(path, bob.token()), 404, "NOT_FOUND");
        assertError(delete("/rooms/" + room.id() + "/human-links/hinv_nosuchlink", alice.token()), 404, "NOT_FOUND");
        Api.Res spent = delete("/rooms/" + room.id() + "/human-links/" + first.text("invite_id"), alice.token());
        assertError(spent, 409, "CONFLICT");
        assertTrue(spent.json().path("error").path("message").asText().contains("already used"), spent::toString);
        assertUnchanged(before, "refused revocations");

        Api.Res revoked = delete(path, alice.token());
        assertEquals(200, revoked.status(), revoked::toString);
        assertEquals(second.text("invite_id"), revoked.text("invite_id"));
        assertEquals(200, delete(path, alice.token()).status(), "revoking twice is no error");
        Api.Res late = api.post("/humans/accept", bob.token(), obj("token", second.text("token")));
        assertError(late, 409, "CONFLICT");
        assertTrue(late.json().path("error").path("message").asText().contains("revoked"), late::toString);
        awaitLinks(room, alice.token(), List.of(forHuman.path("invite_id").asText()));
        assertEquals(2, api.get("/rooms/" + room.id() + "/humans", alice.token()).path("humans").size(),
                "Bob did not get in: the owner and the moderator only");
    }

    @Test
    void aRoomsOutstandingLinks_areCapped_andRevokingOrUsingOneMakesRoom() {
        Api.Human alice = api.newHuman("LinksCapOwner");
        Api.Human bob = api.newHuman("LinksCapBob");
        Api.Room room = api.createRoom(alice.token(), "Capped links");
        List<String> made = new ArrayList<>();
        Map<String, String> tokens = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            Api.Res link = makeLink(room, alice.token(), "member");
            assertEquals(201, link.status(), link::toString);
            made.add(link.text("invite_id"));
            tokens.put(link.text("invite_id"), link.text("token"));
            // Each count reads the index: wait until the link is in it, so the cap is exact here.
            awaitLinks(room, alice.token(), List.copyOf(made));
        }
        StoredState.Snapshot before = state.take();
        Api.Res fourth = makeLink(room, alice.token(), "member");
        assertError(fourth, 409, "LIMIT_EXCEEDED");
        assertTrue(fourth.json().path("error").path("message").asText().contains("revoke one"), fourth::toString);
        assertError(api.inviteRes(room.id(), alice.token(), obj("label", "No one's", "for_human", true)),
                409, "LIMIT_EXCEEDED");
        assertUnchanged(before, "links over the cap (a for_human invite makes no key either)");
        assertEquals(201, api.inviteRes(room.id(), alice.token(), obj("label", "A plain invite")).status(),
                "agent invites without a link are not capped by links");

        assertEquals(200, delete("/rooms/" + room.id() + "/human-links/" + made.remove(0), alice.token()).status());
        awaitLinks(room, alice.token(), List.copyOf(made));
        Api.Res again = makeLink(room, alice.token(), "member");
        assertEquals(201, again.status(), again::toString);
        made.add(again.text("invite_id"));
        awaitLinks(room, alice.token(), List.copyOf(made));
        assertError(makeLink(room, alice.token(), "member"), 409, "LIMIT_EXCEEDED");

        String used = made.remove(0);
        assertEquals(200, api.post("/humans/accept", bob.token(), obj("token", tokens.get(used))).status());
        awaitLinks(room, alice.token(), List.copyOf(made));
        assertEquals(201, makeLink(room, alice.token(), "member").status(), "a used link no longer counts");
    }

    @Test
    void humans_leaveARoomThemselves_butTheOwnerCannot() {
        Api.Human alice = api.newHuman("LeaveOwner");
        Api.Human mod = api.newHuman("LeaveMod");
        Api.Human mem = api.newHuman("LeaveMember");
        Api.Room room = api.createRoom(alice.token(), "Leaving");
        api.addHuman(room.id(), alice.token(), mod, "moderator");
        api.addHuman(room.id(), alice.token(), mem, "member");
        String path = "/rooms/" + room.id();
        Api.Human stranger = api.newHuman("LeaveStranger");

        StoredState.Snapshot before = state.take();
        Api.Res ownerLeaves = delete(path + "/humans/me", alice.token());
        assertError(ownerLeaves, 409, "CONFLICT");
        assertTrue(ownerLeaves.json().path("error").path("message").asText().contains("delete the room"),
                ownerLeaves::toString);
        assertError(delete(path + "/humans/me", room.adminKey()), 403, "FORBIDDEN");
        assertError(delete(path + "/humans/me", stranger.token()), 404, "NOT_FOUND");
        assertUnchanged(before, "refused leaves");

        try (WsClient watch = WsClient.open(server, "member watch");
             WsClient ownerWatch = WsClient.open(server, "owner watch")) {
            watch.watchAndAwait(room.id(), mem.token(), null);
            ownerWatch.watchAndAwait(room.id(), alice.token(), null);
            Api.Res left = delete(path + "/humans/me", mem.token());
            assertEquals(200, left.status(), left::toString);
            assertEquals(mem.id(), left.text("user_id"));
            watch.awaitError("KICKED");
            watch.awaitClosed();
            ownerWatch.assertAlive();
        }
        assertError(api.post(path + "/messages", mem.token(), obj("content", "after leaving")), 404, "NOT_FOUND");
        assertError(delete(path + "/humans/me", mem.token()), 404, "NOT_FOUND");
        assertEquals(200, delete(path + "/humans/me", mod.token()).status(), "a moderator leaves too");
        List<JsonNode> humans = Api.list(api.get(path + "/humans", alice.token()).path("humans"));
        assertEquals(List.of(alice.id()), humans.stream().map(h -> h.path("user_id").asText()).toList());
        assertEquals("owner", api.roomInfo(room.id(), alice.token()).path("my_role").asText(), "the owner stays");
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
