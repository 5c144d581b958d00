package dev.agentchat.standalone.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The emulated Management API answers only the server's own client: any other local process
 * that finds the port gets 403 for every method, whatever it presents, and the sockets keep
 * working.
 */
@RunningServer
class ManagementApiAccessTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    @Test
    void outsiders_areForbidden_andSocketsKeepWorking() throws Exception {
        Api.Human owner = api.newHuman("mgmt-outsider");
        String roomId = api.createRoom(owner.token(), "Sealed").id();
        String listenerKey = api.invite(roomId, owner.token(), "Listener");
        String senderKey = api.invite(roomId, owner.token(), "Sender");
        api.claim(roomId, senderKey);
        try (WsClient listener = WsClient.open(server, "listener")) {
            listener.joinAndAwait(roomId, listenerKey, null, null);
            List<String> presented = List.of("", "x-agentchat-local-key: wrong",
                    "Authorization: AWS4-HMAC-SHA256 Credential=LOCALKEY/20261129/us-east-1/execute-api/aws4_request, "
                            + "SignedHeaders=host, Signature=00");
            for (String header : presented) {
                for (String method : List.of("POST", "GET", "DELETE")) {
                    HttpResponse<String> res = call(method, "/@connections/anyone", header);
                    assertEquals(403, res.statusCode(), method + " with [" + header + "]: " + res.body());
                    assertEquals("ForbiddenException", res.headers().firstValue("x-amzn-ErrorType").orElse(null));
                }
            }
            api.send(roomId, senderKey, "still delivered");
            JsonNode delivered = listener.awaitFrame(f -> "message".equals(f.path("type").asText()));
            assertEquals("still delivered", delivered.path("content").asText(), delivered::toString);
        }
    }

    private static HttpResponse<String> call(String method, String path, String header) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"type\":\"spoof\"}")
                        : HttpRequest.BodyPublishers.noBody());
        if (!header.isEmpty()) {
            int colon = header.indexOf(':');
            request.header(header.substring(0, colon), header.substring(colon + 1).trim());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
