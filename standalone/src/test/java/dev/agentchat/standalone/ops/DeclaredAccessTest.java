package dev.agentchat.standalone.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.AccessCheck;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WebhookReceiver;
import dev.agentchat.standalone.support.WsClient;
import dev.agentchat.store.Tables;
import dev.agentchat.support.CapturingContext;
import dev.agentchat.support.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The runtime cross-check of the route table's {@code Access} ({@link AccessCheck}, applied to
 * every server of the test JVM): it sees the calls of real requests, of the fan-out (its pool too),
 * the wake-ups, webhook deliveries and sweeper,
 * and refuses a call beyond a handler's declaration as IAM would, recording it so the test class fails.
 */
@RunningServer(env = {"WEBHOOK_ALLOW_PRIVATE=true", "SWEEP_INTERVAL_SECONDS=1"})
class DeclaredAccessTest {
    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    @Test
    void realRequests_andTheFanOut_areSeenWithinTheirDeclarations() throws Exception {
        Api.Human owner = api.newHuman("access");
        String roomId = api.createRoom(owner.token(), "Access").id();
        String sender = api.invite(roomId, owner.token(), "Sender");
        String listenerKey = api.invite(roomId, owner.token(), "Listener");
        try (WsClient listener = WsClient.openAndJoin(server, "listener", roomId, listenerKey)) {
            api.send(roomId, sender, "checked");
            listener.awaitFrame(f -> WsClient.isType(f, "message") && "checked".equals(f.path("content").asText()));
        }
        assertEquals(200, api.read(roomId, sender, "").status());

        assertEquals(List.of(), AccessCheck.drainViolations());
        assertSeen("SendMessageHandler", "events");
        assertSeen("ReadMessagesHandler", "events");
        assertSeen("JoinHandler", "keys");
        // The fan-out lists the room's connections on its own thread; its pushes on pool threads.
        awaitSeen("FanOutHandler", "connections");
    }

    @Test
    void wakeUps_webhookDeliveries_andTheSweeper_areSeenWithinTheirDeclarations() throws Exception {
        Api.Human owner = api.newHuman("access-bg");
        String roomId = api.createRoom(owner.token(), "Access background").id();
        String sleeper = api.invite(roomId, owner.token(), "Sleeper");
        String talker = api.invite(roomId, owner.token(), "Talker");
        api.claim(roomId, sleeper);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Res set = api.request("PUT", "/rooms/" + roomId + "/webhook", sleeper,
                    Api.obj("url", receiver.url(), "events", "all"), Map.of());
            assertEquals(200, set.status(), set::toString);
            api.send(roomId, talker, "wake up");
            awaitSeen("WakeHandler", "keys");
            awaitSeen("WebhookDeliveryHandler", "keys");
        }
        awaitSeen("SweeperHandler", "connections");
        assertEquals(List.of(), AccessCheck.drainViolations());
    }

    @Test
    void aCallBeyondTheDeclaration_isRefusedAsIamWould_andRecordedForTheClassToFail() {
        String physical = server.dynamoDb().listTables().tableNames().stream()
                .filter(t -> t.endsWith(Tables.CONNECTIONS.logicalName())).findFirst().orElseThrow();
        // GetRoomHandler is granted no Query on connections: a paginated Query is checked page by page.
        RequestLog.Entry request = RequestLog.start("http", "GetRoomHandler", new CapturingContext("req-denied"));
        DynamoDbException denied;
        try {
            denied = assertThrows(DynamoDbException.class, () -> server.dynamoDb()
                    .queryPaginator(QueryRequest.builder().tableName(physical).indexName(Tables.CONNECTIONS_BY_ROOM)
                            .keyConditionExpression("room_id = :r")
                            .expressionAttributeValues(Map.of(":r", AttributeValue.fromS("room_x")))
                            .build())
                    .items().iterator().hasNext());
        } finally {
            request.finish(200, null);
        }
        assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        List<String> violations = AccessCheck.drainViolations();
        assertEquals(1, violations.size(), violations::toString);
        assertTrue(violations.get(0).startsWith("GetRoomHandler called query, needing [Query on " + physical + "]"),
                violations.get(0));
    }

    private static void awaitSeen(String handler, String table) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (AccessCheck.seen().getOrDefault(handler, Set.of()).stream().noneMatch(s -> s.endsWith(" " + table))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertSeen(handler, table);
    }

    private static void assertSeen(String handler, String table) {
        Set<String> seen = AccessCheck.seen().getOrDefault(handler, Set.of());
        assertTrue(seen.stream().anyMatch(s -> s.endsWith(" " + table)), () -> handler + " on " + table + ": " + seen);
    }
}
