package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.assertError;
import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.AdminCalls;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.StoredState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The banned list and unban ({@code GET /api/rooms/{room}/bans}, {@code DELETE …/bans/{agent}}):
 * a ban blocks the agent's name and address on the public join until it is lifted; a kick does
 * not; unbanning one agent keeps the block another ban holds on the same address.
 */
@RunningServer
class BansTest {
    @Inject
    private static Api api;
    @Inject
    private static AdminCalls admin;
    @Inject
    private static StoredState state;

    private record PublicRoom(String id, String roomKey, Api.Human owner) {
    }

    private static PublicRoom publicRoom(String tag) {
        Api.Human owner = api.newHuman(tag);
        Api.Res res = api.createRoomRes(owner.token(), obj("name", tag + " room", "type", "public"));
        assertEquals(201, res.status(), res::toString);
        return new PublicRoom(res.path("room").path("id").asText(), res.path("room").path("room_key").asText(), owner);
    }

    private static Api.Res join(PublicRoom room, String name) {
        return admin.publicJoin(room.id(), obj("room_key", room.roomKey(), "name", name));
    }

    /** Joins through the room key as {@code name} and uses the key once; returns the agent id. */
    private static String joined(PublicRoom room, String name) {
        Api.Res res = join(room, name);
        assertEquals(201, res.status(), res::toString);
        return api.claim(room.id(), res.text("key"));
    }

    private static List<JsonNode> bans(PublicRoom room) {
        Api.Res res = api.get("/rooms/" + room.id() + "/bans", room.owner().token());
        assertEquals(200, res.status(), res::toString);
        return Api.list(res.path("bans"));
    }

    private static Api.Res unban(PublicRoom room, String agentId, String auth) {
        return api.request("DELETE", "/rooms/" + room.id() + "/bans/" + Api.enc(agentId), auth, null, Map.of());
    }

    @Test
    void unban_liftsTheBlockOnThePublicJoin_andSaysSoInTheRoom() {
        PublicRoom room = publicRoom("Unbanner");
        String spammer = joined(room, "Spammer");
        assertEquals(List.of(), bans(room));
        assertEquals(200, admin.ban(room.id(), spammer, room.owner().token()).status());

        List<JsonNode> banned = bans(room);
        assertEquals(1, banned.size(), banned::toString);
        assertEquals(spammer, banned.get(0).path("agent_id").asText());
        assertEquals("Spammer", banned.get(0).path("name").asText());
        assertEquals(List.of("name"), Api.list(banned.get(0).path("blocks")).stream().map(JsonNode::asText).toList());
        assertTrue(Api.TIMESTAMP.matcher(banned.get(0).path("banned_at").asText()).matches(), banned::toString);
        assertTrue(!banned.toString().contains("127.0.0.1"), "the list shows the banned address");
        assertError(join(room, "spammer"), 403, "FORBIDDEN");

        Api.Res lifted = unban(room, spammer, room.owner().token());
        assertEquals(200, lifted.status(), lifted::toString);
        assertEquals(List.of(), bans(room));
        assertEquals(201, join(room, "Spammer").status());
        JsonNode note = api.read(room.id(), room.owner().token(), "limit=200").path("messages").findValues("code").stream()
                .filter(c -> c.asText().equals("unbanned")).findFirst().orElse(null);
        assertTrue(note != null, "no system note about the unban");

        // Lifted already: nothing to lift, and nothing changes.
        StoredState.Snapshot before = state.take();
        assertError(unban(room, spammer, room.owner().token()), 404, "NOT_FOUND");
        assertEquals(List.of(), before.changesTo(state.take()));
    }

    @Test
    void kick_blocksNothing_whileBanBlocksUntilLifted() {
        PublicRoom room = publicRoom("KickVsBan");
        String kicked = joined(room, "Kicked");
        assertEquals(200, admin.kick(room.id(), kicked, room.owner().token()).status());
        assertEquals(List.of(), bans(room));
        assertEquals(201, join(room, "Kicked").status(), "a kicked agent may come back");
        assertError(unban(room, kicked, room.owner().token()), 404, "NOT_FOUND");
    }

    @Test
    void unban_ofOneOfTwoFromTheSameAddress_keepsTheAddressBlocked() {
        PublicRoom room = publicRoom("SharedAddress");
        String first = joined(room, "First");
        String second = joined(room, "Second");
        assertEquals(200, admin.banByAddress(room.id(), first, room.owner().token()).status());
        assertEquals(200, admin.banByAddress(room.id(), second, room.owner().token()).status());
        assertEquals(2, bans(room).size());
        assertEquals(List.of("name", "address"), Api.list(bans(room).get(0).path("blocks")).stream()
                .map(JsonNode::asText).toList());
        assertEquals(200, unban(room, first, room.owner().token()).status());
        // Every test request comes from loopback: the second ban still blocks that address.
        assertError(join(room, "First"), 403, "FORBIDDEN");
        assertEquals(200, unban(room, second, room.owner().token()).status());
        assertEquals(201, join(room, "First").status());
    }

    @Test
    void eachBan_saysWhoMadeIt_anAdminAgentOrTheOwner() {
        Api.Human owner = api.newHuman("Provenance");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Provenance room", "type", "public"));
        assertEquals(201, created.status(), created::toString);
        PublicRoom room = new PublicRoom(created.path("room").path("id").asText(),
                created.path("room").path("room_key").asText(), owner);
        String adminKey = created.text("admin_key");
        JsonNode said = api.send(room.id(), adminKey, "I moderate here.");
        String byAgent = joined(room, "Flooder");
        String byOwner = joined(room, "Shouter");
        assertEquals(200, admin.banByAddress(room.id(), byAgent, adminKey).status());
        assertEquals(200, admin.ban(room.id(), byOwner, owner.token()).status());

        Map<String, JsonNode> byBanned = new HashMap<>();
        bans(room).forEach(b -> byBanned.put(b.path("agent_id").asText(), b));
        JsonNode agentBan = byBanned.get(byAgent);
        assertEquals(List.of("name", "address"), Api.list(agentBan.path("blocks")).stream().map(JsonNode::asText).toList());
        assertEquals("agent", agentBan.path("banned_by").path("kind").asText(), agentBan::toString);
        assertEquals(said.path("agent_id").asText(), agentBan.path("banned_by").path("id").asText(), agentBan::toString);
        assertEquals(said.path("from_name").asText(), agentBan.path("banned_by").path("name").asText(), agentBan::toString);
        JsonNode ownerBan = byBanned.get(byOwner);
        assertEquals(Map.of("kind", "human", "id", owner.id(), "name", owner.name()),
                Map.of("kind", ownerBan.path("banned_by").path("kind").asText(),
                        "id", ownerBan.path("banned_by").path("id").asText(),
                        "name", ownerBan.path("banned_by").path("name").asText()), ownerBan::toString);
    }

    @Test
    void bans_areForTheRoomsAdminsOnly() {
        PublicRoom room = publicRoom("BansPrivacy");
        String agent = joined(room, "Someone");
        assertEquals(200, admin.ban(room.id(), agent, room.owner().token()).status());
        String memberKey = api.invite(room.id(), room.owner().token(), "Member");
        assertError(api.get("/rooms/" + room.id() + "/bans", memberKey), 403, "FORBIDDEN");
        assertError(unban(room, agent, memberKey), 403, "FORBIDDEN");
        assertError(api.get("/rooms/" + room.id() + "/bans", api.newHuman("Stranger").token()), 404, "NOT_FOUND");
        assertEquals(1, bans(room).size());
    }
}
