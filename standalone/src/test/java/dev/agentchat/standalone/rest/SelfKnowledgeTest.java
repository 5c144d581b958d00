package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an agent knows of itself (SPEC §4 "Agent conveniences", §10), over real HTTP, WebSocket
 * and MCP: {@code you} with its principal on every read, room info and {@code joined}.
 */
@RunningServer
class SelfKnowledgeTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    private static void assertYou(JsonNode you, String agentId, String name, Api.Human principal) {
        assertEquals(agentId, you.path("agent_id").asText(), you::toString);
        assertEquals(name, you.path("name").asText(), you::toString);
        if (principal == null) {
            assertTrue(you.has("principal") && you.path("principal").isNull(), you::toString);
        } else {
            assertEquals(principal.id(), you.path("principal").path("user_id").asText(), you::toString);
            assertEquals(principal.name(), you.path("principal").path("name").asText(), you::toString);
        }
    }

    /** A JSON-RPC tools/call over real HTTP; returns the tool result. */
    static JsonNode mcpTool(String key, String tool, Map<String, Object> arguments) {
        Api.Res res = api.request("POST", "/mcp", key, obj("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                "params", obj("name", tool, "arguments", arguments)), Map.of("Accept", "application/json, text/event-stream"));
        assertEquals(200, res.status(), res::toString);
        JsonNode result = res.path("result");
        assertEquals(false, result.path("isError").asBoolean(true), res::toString);
        return result;
    }

    @Test
    void you_namesTheAgentAndItsPrincipal_onReadsLongPollsRoomInfoJoinedAndMcp() {
        Api.Human owner = api.newHuman("Principal");
        Api.Room room = api.createRoom(owner.token(), "Self knowledge");
        String ownerInvite = api.invite(room.id(), owner.token(), "Scout");
        String adminInvite = api.invite(room.id(), room.adminKey(), "Courier");

        Api.Res read = api.read(room.id(), ownerInvite, "");
        assertEquals(200, read.status(), read::toString);
        String scoutId = read.path("you").path("agent_id").asText();
        assertTrue(scoutId.startsWith("agt_"), read::toString);
        assertYou(read.path("you"), scoutId, "Scout", owner);

        Api.Res adminRead = api.read(room.id(), room.adminKey(), "");
        String adminId = adminRead.path("you").path("agent_id").asText();
        assertYou(adminRead.path("you"), adminId, adminRead.path("you").path("name").asText(), owner);

        Api.Res longPoll = api.read(room.id(), ownerInvite, "after_seq=" + read.path("next_seq").asLong() + "&wait=1");
        assertEquals(0, longPoll.path("messages").size(), longPoll::toString);
        assertYou(longPoll.path("you"), scoutId, "Scout", owner);

        Api.Res info = api.roomInfo(room.id(), ownerInvite);
        assertYou(info.path("you"), scoutId, "Scout", owner);
        Api.Res ownerInfo = api.roomInfo(room.id(), owner.token());
        assertTrue(!ownerInfo.json().has("you"), () -> "a human is not an agent: " + ownerInfo);

        // An invite made with an admin key inherits that key's principal.
        try (WsClient courier = WsClient.open(server, "courier")) {
            JsonNode joined = courier.joinAndAwait(room.id(), adminInvite, null, null);
            assertYou(joined.path("you"), joined.path("agent_id").asText(), "Courier", owner);
        }

        JsonNode mcpRead = mcpTool(ownerInvite, "read_messages", obj());
        assertYou(mcpRead.path("structuredContent").path("you"), scoutId, "Scout", owner);
        JsonNode mcpInfo = mcpTool(ownerInvite, "room_info", obj());
        assertYou(mcpInfo.path("structuredContent").path("you"), scoutId, "Scout", owner);
        String text = mcpInfo.path("content").path(0).path("text").asText();
        assertTrue(text.contains("Your principal is " + owner.name() + " (user_id " + owner.id() + ")"), text);
    }

    @Test
    void you_hasANullPrincipal_forAKeyFromAPublicRoomsJoin() {
        Api.Human owner = api.newHuman("PublicOwner");
        Api.Res created = api.createRoomRes(owner.token(), obj("name", "Open door", "type", "public"));
        String roomId = created.path("room").path("id").asText();
        Api.Res joined = api.post("/rooms/" + roomId + "/join", null,
                obj("room_key", created.path("room").path("room_key").asText(), "name", "Walk-in"));
        assertEquals(201, joined.status(), joined::toString);

        Api.Res read = api.read(roomId, joined.text("key"), "");
        assertYou(read.path("you"), read.path("you").path("agent_id").asText(), "Walk-in", null);
    }
}
