package dev.agentchat.standalone.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StandaloneServerExtension;
import dev.agentchat.standalone.support.WsClient;
import dev.agentchat.testing.NetworkDynamo;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code DYNAMODB_ENDPOINT} points the server at a DynamoDB run apart instead of the embedded one:
 * its tables are created there, the fan-out reads that database's stream, and what was stored
 * outlives the server.
 */
class ExternalDynamoDbTest {
    private static NetworkDynamo dynamo;
    private static Map<String, String> env;

    @BeforeAll
    static void startDatabase() throws Exception {
        dynamo = NetworkDynamo.start();
        env = StandaloneServerExtension.generousEnv();
        env.put("DYNAMODB_ENDPOINT", dynamo.endpoint());
        env.put("TABLE_PREFIX", "x" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @Test
    void start_withDynamoDbEndpoint_storesAndFansOutThere_andTheDataOutlivesTheServer() throws Exception {
        String roomId;
        String key;
        try (ServerUnderTest first = ServerUnderTest.start(env)) {
            Api api = first.api();
            Api.Human owner = api.newHuman("external");
            roomId = api.createRoom(owner.token(), "External").id();
            key = api.invite(roomId, owner.token(), "Writer");
            String listenerKey = api.invite(roomId, owner.token(), "Listener");
            try (WsClient listener = WsClient.openAndJoin(first.server(), "listener", roomId, listenerKey)) {
                api.send(roomId, key, "kept elsewhere");
                JsonNode pushed = listener.awaitFrame(f -> WsClient.isType(f, "message")
                        && "kept elsewhere".equals(f.path("content").asText()));
                assertEquals("kept elsewhere", pushed.path("content").asText(), pushed::toString);
            }
        }
        try (ServerUnderTest second = ServerUnderTest.start(env)) {
            List<String> contents = second.api().readAll(roomId, key).stream()
                    .filter(e -> "message".equals(e.path("type").asText()))
                    .map(e -> e.path("content").asText()).toList();
            assertTrue(contents.contains("kept elsewhere"), () -> "a new server on the same DynamoDB read " + contents);
        }
    }
}
