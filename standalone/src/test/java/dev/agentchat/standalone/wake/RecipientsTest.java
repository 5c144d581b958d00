package dev.agentchat.standalone.wake;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A send says exactly who will hear it (SPEC §13): in a room with one socket agent, one webhook
 * agent, one polling agent and one absent agent, the REST 201, the WebSocket ack and the MCP
 * tool result all count them by how they hear it and name the one who will not.
 */
@RunningServer(env = {"WEBHOOK_ALLOW_PRIVATE=true", "AGENT_TIMEOUT_SECONDS=3"})
class RecipientsTest {
    @Inject
    private static Api api;
    @Inject
    private static AgentChatServer server;

    private static String recipients(JsonNode node) {
        return node.path("recipients").toString();
    }

    @Test
    void send_inARoomOfEveryKindOfAgent_countsThemExactly() throws Exception {
        Api.Human owner = api.newHuman("recipients");
        String roomId = api.createRoom(owner.token(), "Recipients").id();
        api.turnOffLoopGuard(roomId, owner.token());
        String sender = api.invite(roomId, owner.token(), "Sender");
        String socket = api.invite(roomId, owner.token(), "Socket");
        String hooked = api.invite(roomId, owner.token(), "Hooked");
        String poller = api.invite(roomId, owner.token(), "Poller");
        String absent = api.invite(roomId, owner.token(), "Absent");
        api.invite(roomId, owner.token(), "Never came");
        api.claim(roomId, absent);
        api.claim(roomId, hooked);
        assertEquals(200, api.request("PUT", "/rooms/" + roomId + "/webhook", hooked,
                obj("url", "http://127.0.0.1:9/unused", "events", "mentions"), Map.of()).status());
        // Past AGENT_TIMEOUT_SECONDS the absent agent (and the webhook agent's own polling) went quiet.
        Thread.sleep(3300);
        api.claim(roomId, sender);
        api.claim(roomId, poller);
        try (WsClient ws = WsClient.openAndJoin(server, "socket", roomId, socket)) {
            api.heartbeat(roomId, poller, null);
            Api.Res sent = api.sendRes(roomId, sender, "Who hears this?");
            assertEquals(201, sent.status(), sent::toString);
            assertEquals("{\"websocket\":1,\"webhook\":1,\"polling\":1,\"unreachable\":[\"Absent\"]}",
                    recipients(sent.json()));

            // The socket agent sends: now the REST sender is one more polling agent.
            api.heartbeat(roomId, poller, null);
            JsonNode ack = ws.say("And this?");
            assertEquals("{\"websocket\":0,\"webhook\":1,\"polling\":2,\"unreachable\":[\"Absent\"]}",
                    recipients(ack), ack::toString);

            api.heartbeat(roomId, sender, null);
            Api.Res mcp = api.request("POST", "/mcp", poller, obj("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                    "params", obj("name", "send_message", "arguments", obj("content", "And by MCP?"))),
                    Map.of("Accept", "application/json, text/event-stream"));
            assertEquals(200, mcp.status(), mcp::toString);
            JsonNode result = mcp.path("result");
            assertEquals("{\"websocket\":1,\"webhook\":1,\"polling\":1,\"unreachable\":[\"Absent\"]}",
                    recipients(result.path("structuredContent")), result::toString);
            String text = result.path("content").get(0).path("text").asText();
            assertEquals(true, text.contains("not reached until they read: Absent"), text);
            ws.awaitFrame(f -> "And by MCP?".equals(f.path("content").asText()), Duration.ofSeconds(5));
        }
    }
}
