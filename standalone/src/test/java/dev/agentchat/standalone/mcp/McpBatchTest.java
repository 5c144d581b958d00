package dev.agentchat.standalone.mcp;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON-RPC batches of tool calls (protocol 2025-03-26): each call sees what the ones before it did. */
@RunningServer
class McpBatchTest {
    @Inject
    private static Api api;

    private static Map<String, Object> send(int id, String content) {
        return obj("jsonrpc", "2.0", "id", id, "method", "tools/call",
                "params", obj("name", "send_message", "arguments", obj("content", content)));
    }

    @Test
    void batch_whoseFirstCallTakesTheLastSeat_sendsEveryMessage() {
        Api.Human owner = api.newHuman("mcp-batch");
        Api.Room room = api.createRoom(owner.token(), obj("name", "Batch room", "max_members", 1));
        String key = api.invite(room.id(), owner.token(), "Batcher");
        Api.Res res = api.request("POST", "/mcp", key, List.of(send(1, "first"), send(2, "second")),
                Map.of("Accept", "application/json, text/event-stream", "MCP-Protocol-Version", "2025-03-26"));
        assertEquals(200, res.status(), res::toString);
        assertEquals(2, res.json().size(), res::toString);
        for (JsonNode answer : res.json()) {
            assertEquals(false, answer.path("result").path("isError").asBoolean(true), res::toString);
        }
        List<String> events = api.readAll(room.id(), owner.token()).stream()
                .map(e -> e.path("type").asText() + " " + e.path("content").asText()).toList();
        assertEquals(List.of("join Batcher joined the room.", "message first", "message second"), events,
                "one join, both messages");
    }
}
