package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Public rooms from a stranger's side: finding them with {@code GET /api/public-rooms?q=}
 * (never a private room, never a key), joining with the room key to get a personal
 * {@code ak_} key, and every way a join is refused.
 */
@RunningServer
class PublicRoomsTest {
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    private static Api.Human owner;

    /** A public room as its owner sees it right after creating it. */
    record PublicRoom(String id, String name, String roomKey, String adminKey) {
    }

    @BeforeAll
    static void setUp() {
        owner = api.newHuman("Publisher");
    }

    private static PublicRoom publicRoom(String name, Integer maxMembers) {
        Map<String, Object> body = obj("name", name, "type", "public");
        if (maxMembers != null) {
            body.put("max_members", maxMembers);
        }
        Api.Res res = api.createRoomRes(owner.token(), body);
        assertEquals(201, res.status(), res::toString);
        JsonNode room = res.path("room");
        assertEquals("public", room.path("type").asText(), res::toString);
        String roomKey = room.path("room_key").asText();
        assertTrue(roomKey.matches("rk_[0-9A-Za-z]{20,}"), () -> "a public room's key is shown to its creator: " + res);
        return new PublicRoom(room.path("id").asText(), name, roomKey, res.text("admin_key"));
    }

    private static String tag() {
        return "t" + Long.toString(System.nanoTime(), 36);
    }

    private static Api.Res join(PublicRoom room, String name) {
        return admin.publicJoin(room.id(), name == null ? obj("room_key", room.roomKey()) : obj("room_key", room.roomKey(), "name", name));
    }

    @Test
    void privateRooms_haveNoRoomKey() {
        Api.Res res = api.createRoomRes(owner.token(), obj("name", "Private by default"));
        assertEquals(201, res.status(), res::toString);
        assertEquals("private", res.path("room").path("type").asText());
        assertFalse(res.path("room").has("room_key"), res::toString);
        assertFalse(res.raw().contains("rk_"), res::toString);
    }

    @Test
    void discovery_searchesNamesCaseInsensitively_andNeverShowsPrivateRoomsOrKeys() {
        String tag = tag();
        PublicRoom alpha = publicRoom("Alpha " + tag.toUpperCase(Locale.ROOT) + " Lounge", null);
        PublicRoom beta = publicRoom("beta " + tag + " den", 6);
        Api.Res secret = api.createRoomRes(owner.token(), obj("name", "Gamma " + tag + " secret", "type", "private"));
        assertEquals(201, secret.status(), secret::toString);
        PublicRoom unrelated = publicRoom("Unrelated " + tag().toUpperCase(Locale.ROOT), null);
        // One agent in Alpha; Beta has a key issued that nobody used yet.
        api.claim(alpha.id(), join(alpha, "Sitter").text("key"));
        assertEquals(201, join(beta, "Not yet").status());

        for (String q : List.of(tag, tag.toUpperCase(Locale.ROOT), "  " + tag + "  ")) {
            assertEquals(Set.of(alpha.id(), beta.id()), ids(search(q)), () -> "q=" + q);
        }
        assertEquals(Set.of(alpha.id()), ids(search("HA " + tag)), "a substring across words, in any case");
        assertEquals(Set.of(beta.id()), ids(search(tag + " DEN")));
        assertEquals(Set.of(), ids(search("no such room " + tag)));
        assertEquals(Set.of(), ids(search("gamma " + tag)), "private rooms are never listed");

        Set<String> all = ids(search(null));
        assertTrue(all.containsAll(Set.of(alpha.id(), beta.id(), unrelated.id())), all::toString);
        assertFalse(all.contains(secret.path("room").path("id").asText()), all::toString);
        assertEquals(all, ids(search("")), "an empty query lists everything");

        List<JsonNode> found = search(tag);
        for (JsonNode room : found) {
            for (String field : List.of("id", "name", "description", "type", "max_members", "owner_id", "created_at", "member_count")) {
                assertTrue(room.has(field), () -> field + " missing: " + room);
            }
            assertEquals("public", room.path("type").asText(), room::toString);
            assertFalse(room.has("room_key"), room::toString);
        }
        JsonNode listedAlpha = found.stream().filter(r -> r.path("id").asText().equals(alpha.id())).findFirst().orElseThrow();
        assertEquals(alpha.name(), listedAlpha.path("name").asText());
        assertEquals(1, listedAlpha.path("member_count").asInt(), listedAlpha::toString);
        JsonNode listedBeta = found.stream().filter(r -> r.path("id").asText().equals(beta.id())).findFirst().orElseThrow();
        assertEquals(1, listedBeta.path("member_count").asInt(), () -> "a public join takes its seat at once: " + listedBeta);
        assertEquals(6, listedBeta.path("max_members").asInt(), listedBeta::toString);
    }

    private static List<JsonNode> search(String q) {
        Api.Res res = admin.publicRooms(q);
        assertEquals(200, res.status(), res::toString);
        AdminCalls.assertNoSecrets(res);
        assertFalse(res.raw().contains("ak_") || res.raw().contains("rk_"), () -> "a key in the public listing: " + res);
        return Api.list(res.path("rooms"));
    }

    private static Set<String> ids(List<JsonNode> rooms) {
        return rooms.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
    }

    @Test
    void join_issuesAPersonalKeyThatWorks() {
        PublicRoom room = publicRoom("Join me " + tag(), null);
        Api.Res res = join(room, "Joiner");
        assertEquals(201, res.status(), res::toString);
        String key = res.text("key");
        assertTrue(key.matches("ak_[0-9A-Za-z]{40,}"), res::toString);
        assertTrue(res.text("key_id").startsWith("key_"), res::toString);
        assertEquals("Joiner", res.text("name"), res::toString);
        String instructions = res.text("instructions");
        assertTrue(instructions.contains(key) && instructions.contains(room.id()) && instructions.contains(room.name()),
                instructions);
        assertTrue(instructions.contains(api.apiBase()), instructions);
        assertFalse(instructions.contains(room.roomKey()), "the room key is not copied into a personal invite");

        JsonNode said = api.send(room.id(), key, "Hello, public room.");
        assertEquals("Joiner", said.path("from_name").asText(), said::toString);
        assertEquals("agent", said.path("sender_kind").asText(), said::toString);
        JsonNode listed = admin.invite(room.id(), owner.token(), res.text("key_id")).orElseThrow();
        assertEquals("member", listed.path("role").asText(), listed::toString);
        assertEquals(said.path("agent_id").asText(), listed.path("claimed_by").asText(), listed::toString);
        // A member key: no admin powers.
        assertError(admin.listInvites(room.id(), key), 403, "FORBIDDEN");

        // Each join is a key of its own; without a name the agent is named at once (a fallback), so a
        // later self-introduction cannot take a name, e.g. a banned one.
        Api.Res anonymous = join(room, null);
        assertEquals(201, anonymous.status(), anonymous::toString);
        assertNotEquals(key, anonymous.text("key"));
        assertTrue(anonymous.text("name").matches("Agent [0-9a-f]{6}"), anonymous::toString);
        JsonNode intro = api.send(room.id(), anonymous.text("key"), "Hi, I'm Nameless Nick. I help with maps.");
        assertEquals(anonymous.text("name"), intro.path("from_name").asText(), intro::toString);
        assertNotEquals(said.path("agent_id").asText(), intro.path("agent_id").asText());
    }

    @Test
    void twoJoins_askingForTheSameName_getDistinctNames_asInviteClaimsDo() {
        PublicRoom room = publicRoom("Same name " + tag(), null);
        Api.Res first = join(room, "Claude");
        Api.Res second = join(room, "claude");
        assertEquals(201, first.status(), first::toString);
        assertEquals(201, second.status(), second::toString);
        assertEquals("Claude", first.text("name"), first::toString);
        assertEquals("claude (2)", second.text("name"), second::toString);
        assertEquals("claude (2)", api.send(room.id(), second.text("key"), "Hello.").path("from_name").asText());

        List<String> members = new ArrayList<>();
        for (JsonNode agent : api.roomInfo(room.id(), owner.token()).path("agents")) {
            members.add(agent.path("name").asText());
        }
        assertEquals(Set.of("Claude", "claude (2)"), Set.copyOf(members), members::toString);
        List<String> joins = api.readAll(room.id(), owner.token()).stream()
                .filter(e -> "join".equals(e.path("type").asText()))
                .map(e -> e.path("from_name").asText()).toList();
        assertEquals(List.of("Claude", "claude (2)"), joins, "the join events name the agents as the member list does");
    }

    @Test
    void join_isRefused_withTheRightCode_andIssuesNoKey() {
        PublicRoom room = publicRoom("Guarded " + tag(), null);
        PublicRoom other = publicRoom("Other guarded " + tag(), null);
        Api.Room privateRoom = api.createRoom(owner.token(), "Private guarded");
        int keysBefore = admin.invites(room.id(), owner.token()).size();

        assertError(admin.publicJoin(room.id(), obj("room_key", "rk_wrongwrongwrongwrongwrong", "name", "Guess")), 403, "FORBIDDEN");
        assertError(admin.publicJoin(room.id(), obj("room_key", other.roomKey(), "name", "Wrong room")), 403, "FORBIDDEN");
        assertError(admin.publicJoin(room.id(), obj("room_key", room.roomKey() + "x")), 403, "FORBIDDEN");
        assertError(admin.publicJoin(room.id(), obj("name", "No key")), 400, "BAD_REQUEST");
        assertError(admin.publicJoin(room.id(), obj("room_key", 12345)), 400, "BAD_REQUEST");
        assertError(admin.publicJoin(room.id(), "not json"), 400, "BAD_REQUEST");
        assertError(admin.publicJoin(room.id(), obj("room_key", room.roomKey(), "template", "telepathy")), 400, "BAD_REQUEST");
        // A private room cannot be joined, whatever the key; it looks like no room at all.
        assertError(admin.publicJoin(privateRoom.id(), obj("room_key", room.roomKey())), 404, "NOT_FOUND");
        assertError(admin.publicJoin("room_doesNotExist01", obj("room_key", room.roomKey())), 404, "NOT_FOUND");

        assertEquals(keysBefore, admin.invites(room.id(), owner.token()).size(), "a refused join issues no key");
        assertEquals(1, admin.invites(privateRoom.id(), owner.token()).size(), "only the admin key");
    }

    @Test
    void join_whenTheRoomIsFull_isRoomFull() {
        PublicRoom room = publicRoom("Tiny " + tag(), 2);
        api.claim(room.id(), join(room, "One").text("key"));
        api.claim(room.id(), join(room, "Two").text("key"));

        assertError(join(room, "Three"), 409, "ROOM_FULL");
        JsonNode listed = search(room.name()).get(0);
        assertEquals(2, listed.path("member_count").asInt(), listed::toString);

        // Room made bigger: the next join gets in.
        assertEquals(200, admin.patch(room.id(), owner.token(), obj("max_members", 3)).status());
        Api.Res three = join(room, "Three");
        assertEquals(201, three.status(), three::toString);
        api.claim(room.id(), three.text("key"));
        assertError(join(room, "Four"), 409, "ROOM_FULL");
    }

    @Test
    void join_rendersTheRequestedTemplate() {
        PublicRoom room = publicRoom("Templated join " + tag(), 20);
        Map<String, String> markers = Map.of(
                "generic", "Authorization: Bearer ",
                "curl", "cat > ./agentchat.sh <<'AGENTCHAT'",
                "python", "import json",
                "websocket", "\"type\":\"join\"",
                "openapi", api.apiBase() + "/openapi.json");
        markers.forEach((template, marker) -> {
            Api.Res res = admin.publicJoin(room.id(), obj("room_key", room.roomKey(), "name", "T " + template, "template", template));
            assertEquals(201, res.status(), res::toString);
            String text = res.text("instructions");
            assertTrue(text.contains(marker), () -> template + " lacks " + marker + ":\n" + text);
            assertTrue(text.contains(res.text("key")), text);
            assertTrue(text.contains(room.id()), text);
        });
        Api.Res byDefault = join(room, "Default");
        assertTrue(byDefault.text("instructions").contains(markers.get("generic")), byDefault::toString);
        assertFalse(byDefault.text("instructions").contains(markers.get("curl")), byDefault::toString);
    }
}
