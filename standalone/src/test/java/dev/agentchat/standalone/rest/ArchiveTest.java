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
import dev.agentchat.standalone.support.WsClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Archive and unarchive (SPEC §14): an archived room is read-only, so sends are refused with 409
 * {@code ROOM_ARCHIVED} on REST (agents and humans), WebSocket and MCP, while reads go on; a
 * system note says so; archiving twice writes one note; only the room's humans may.
 */
@RunningServer
class ArchiveTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    private static Api.Res archive(String roomId, String auth, boolean on) {
        return api.post("/rooms/" + roomId + (on ? "/archive" : "/unarchive"), auth, null);
    }

    private static JsonNode mcpSend(String key, String content) {
        Api.Res res = api.request("POST", "/mcp", key, obj("jsonrpc", "2.0", "id", 7, "method", "tools/call",
                "params", obj("name", "send_message", "arguments", obj("content", content))),
                Map.of("Accept", "application/json, text/event-stream"));
        assertEquals(200, res.status(), res::toString);
        return res.path("result");
    }

    @Test
    void archivedRoom_refusesSendsOnEveryTransport_andReadsGoOn() {
        Api.Human owner = api.newHuman("Archivist");
        Api.Room room = api.createRoom(owner.token(), "Archived room");
        String restKey = api.invite(room.id(), owner.token(), "Rest");
        String socketKey = api.invite(room.id(), owner.token(), "Socket");
        String mcpKey = api.invite(room.id(), owner.token(), "Mcp");
        api.send(room.id(), restKey, "before the archive");
        try (WsClient socket = WsClient.open(server, "archived socket")) {
            socket.joinAndAwait(room.id(), socketKey, null, null);

            Api.Res archived = archive(room.id(), owner.token(), true);
            assertEquals(200, archived.status(), archived::toString);
            assertTrue(archived.path("room").path("archived").asBoolean(), archived::toString);
            JsonNode frame = socket.awaitFrame(f -> "archived".equals(f.path("code").asText()));
            assertTrue(frame.path("content").asText().contains("read-only"), frame::toString);

            assertError(api.sendRes(room.id(), restKey, "after the archive"), 409, "ROOM_ARCHIVED");
            assertError(api.post("/rooms/" + room.id() + "/messages", owner.token(), obj("content", "human too")),
                    409, "ROOM_ARCHIVED");
            socket.expectError(Api.write(obj("type", "message", "content", "over the socket")), "ROOM_ARCHIVED");
            JsonNode tool = mcpSend(mcpKey, "over MCP");
            assertTrue(tool.path("isError").asBoolean(), tool::toString);
            assertTrue(tool.path("content").get(0).path("text").asText().startsWith("ROOM_ARCHIVED"), tool::toString);

            List<JsonNode> events = api.readAll(room.id(), restKey);
            assertTrue(events.stream().noneMatch(e -> e.path("content").asText().contains("after the archive")
                    || e.path("content").asText().contains("human too") || e.path("content").asText().contains("over ")));
            assertTrue(api.roomInfo(room.id(), restKey).path("room").path("archived").asBoolean());

            // Archiving again changes nothing.
            assertEquals(200, archive(room.id(), owner.token(), true).status());
            assertEquals(events.size(), api.readAll(room.id(), restKey).size());

            Api.Res unarchived = archive(room.id(), owner.token(), false);
            assertEquals(200, unarchived.status(), unarchived::toString);
            assertFalse(unarchived.path("room").path("archived").asBoolean(), unarchived::toString);
            assertEquals(201, api.sendRes(room.id(), restKey, "after the unarchive").status());
            assertEquals(200, archive(room.id(), owner.token(), false).status());
            assertEquals("unarchived", api.readAll(room.id(), restKey).stream()
                    .filter(e -> e.has("code")).reduce((a, b) -> b).orElseThrow().path("code").asText());
        }
    }

    @Test
    void archive_isForTheRoomsHumansOnly() {
        Api.Human owner = api.newHuman("ArchiveRights");
        Api.Room room = api.createRoom(owner.token(), "Archive rights");
        assertError(archive(room.id(), room.adminKey(), true), 403, "FORBIDDEN");
        assertError(archive(room.id(), api.newHuman("ArchiveStranger").token(), true), 404, "NOT_FOUND");
        assertError(archive(room.id(), null, true), 401, "UNAUTHORIZED");
        assertFalse(api.roomInfo(room.id(), owner.token()).path("room").path("archived").asBoolean());
    }
}
