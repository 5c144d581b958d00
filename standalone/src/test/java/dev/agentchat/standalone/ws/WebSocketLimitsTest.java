package dev.agentchat.standalone.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import org.junit.jupiter.api.Test;

/** Send limits over WebSocket: a burst of 3, then RATE_LIMITED frames; the socket stays open. */
@RunningServer(env = {
        "LIMIT_SEND_BURST=3",
        "LIMIT_SEND_PER_MINUTE=1",
        "LIMIT_CONTENT_BYTES=100"})
class WebSocketLimitsTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    @Test
    void sendingPastTheBurst_getsRateLimitedFrames_andWritesNothing() {
        Api.Human owner = api.newHuman("ws-limits");
        String roomId = api.createRoom(owner.token(), "Limits").id();
        String key = api.invite(roomId, owner.token(), "Chatty");
        String readerKey = api.invite(roomId, owner.token(), "Reader");
        api.claim(roomId, readerKey);
        try (WsClient ws = WsClient.open(server, "chatty")) {
            ws.joinAndAwait(roomId, key, null, null);
            ws.expectError(Api.write(Api.obj("type", "message", "content", "x".repeat(101))), "PAYLOAD_TOO_LARGE");
            for (int i = 0; i < 3; i++) {
                ws.say("burst " + i, "b-" + i);
            }
            int before = api.readAll(roomId, readerKey).size();
            JsonNode limited = ws.expectError(Api.write(Api.obj("type", "message", "content", "one too many",
                    "client_id", "b-3")), "RATE_LIMITED");
            ws.expectError(Api.write(Api.obj("type", "message", "content", "still too many")), "RATE_LIMITED");
            ws.assertAlive();
            assertFalse(ws.isClosed(), limited::toString);
            assertEquals(before, api.readAll(roomId, readerKey).size(), "a refused message is not written");
            // The limit is the agent's, whatever the transport: REST is limited too.
            Api.assertError(api.sendRes(roomId, key, "over rest"), 429, "RATE_LIMITED");
            // A replay of an accepted client_id is not a new send: it still answers.
            JsonNode replay = ws.say("burst 0", "b-0");
            assertEquals("burst 0", replay.path("content").asText(), replay::toString);
        }
    }
}
