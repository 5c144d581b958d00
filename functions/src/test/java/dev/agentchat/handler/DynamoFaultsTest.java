package dev.agentchat.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.Routes;
import dev.agentchat.config.AppConfig;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.realtime.ConnectionGateway;
import dev.agentchat.store.TableNames;
import dev.agentchat.store.TableSetup;
import dev.agentchat.support.Json;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.InjectedDynamoFaults.Kind;
import dev.agentchat.testing.InjectedDynamoFaults;
import dev.agentchat.testing.NetworkDynamo;
import dev.agentchat.wiring.DynamoDbClients;
import dev.agentchat.wiring.Wiring;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB failing under the real handlers: errors are injected by an SDK execution interceptor
 * on a client built exactly as production builds it ({@link DynamoDbClients#builder}), talking
 * HTTP to DynamoDB Local. Throttling is absorbed by the SDK's retries and the request is stored
 * once; a hard failure is SPEC's 500 {@code INTERNAL} without internals, and leaves nothing
 * half-written. Table state is checked through a second client that no fault touches.
 */
class DynamoFaultsTest {
    private static final String TRANSACT = "TransactWriteItems";
    private static final String BATCH_WRITE = "BatchWriteItem";

    private static NetworkDynamo dynamo;
    private static DynamoDbClient faulty;
    private static DynamoDbClient clean;
    private static TableNames tables;
    private static AppConfig config;
    private static final InjectedDynamoFaults FAULTS = new InjectedDynamoFaults();
    private static final Map<String, HttpHandler> HANDLERS = new HashMap<>();
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        dynamo = NetworkDynamo.start();
        Map<String, String> env = new HashMap<>();
        env.put("DYNAMODB_ENDPOINT", dynamo.endpoint());
        env.put("TABLE_PREFIX", "f" + UUID.randomUUID().toString().substring(0, 8) + "-");
        env.put("BCRYPT_COST", "10");
        config = AppConfig.fromEnv(env);
        clean = DynamoDbClients.create(config);
        TableSetup.createMissing(clean, config);
        tables = TableNames.from(config);
        faulty = DynamoDbClients.builder(config)
                .overrideConfiguration(o -> o.addExecutionInterceptor(FAULTS))
                .build();
        Wiring wiring = new Wiring(config, faulty, Clock.systemUTC(), Secrets.create(),
                ConnectionGateway.unconfigured());
        for (Routes.HttpRoute route : Routes.HTTP) {
            HANDLERS.put(route.routeKey(), route.factory().apply(wiring));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (faulty != null) {
            faulty.close();
            clean.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
    }

    @AfterEach
    void noFaults() {
        FAULTS.clear();
    }

    @Test
    void throttledTransaction_isRetriedBySdk_andTheMessageIsStoredOnce() {
        Room room = newRoom("throttled");
        long before = lastSeq(room.id());

        FAULTS.fail(TRANSACT, Kind.PROVISIONED_THROUGHPUT_EXCEEDED, 3);
        Response sent = send(room, "through the throttle", "idem-throttle");

        assertEquals(201, sent.status(), sent::toString);
        assertEquals(4, FAULTS.attempts(TRANSACT), "three throttled attempts, then the one that went through");
        assertEquals(before + 1, sent.json().path("seq").asLong(), sent::toString);
        assertEquals(before + 1, lastSeq(room.id()));
        List<Map<String, AttributeValue>> stored = events(room.id());
        assertEquals(1, stored.stream().filter(e -> "through the throttle".equals(e.get("content").s())).count(),
                () -> "stored events: " + stored);
        assertTrue(idempotencyRecordExists(room.id(), room.agentId() + "#idem-throttle"));
    }

    @Test
    void throttledReads_areRetriedBySdk_andAnswerNormally() {
        Room room = newRoom("throttled-read");
        assertEquals(201, send(room, "hello", null).status());

        FAULTS.fail("Query", Kind.THROTTLING, 2);
        Response read = call("GET /api/rooms/{room}/messages", room.adminKey(), Map.of("room", room.id()), null,
                Map.of());

        assertEquals(200, read.status(), read::toString);
        assertTrue(FAULTS.attempts("Query") >= 3, () -> "Query attempts: " + FAULTS.attempts("Query"));
        assertTrue(read.json().path("messages").findValuesAsText("content").contains("hello"), read::toString);
    }

    @Test
    void transactionFailsHard_sendIs500Internal_andNothingIsWritten() {
        Room room = newRoom("hard-failure");
        long before = lastSeq(room.id());
        int eventsBefore = events(room.id()).size();

        FAULTS.failAlways(TRANSACT, Kind.INTERNAL_SERVER_ERROR);
        Response failed = send(room, "never stored", "idem-hard");

        assertInternal(failed);
        assertTrue(FAULTS.attempts(TRANSACT) > 1, "a 500 from DynamoDB is retried before giving up");
        assertEquals(before, lastSeq(room.id()), "the room's counter did not move");
        assertEquals(eventsBefore, events(room.id()).size(), "no event was written");
        assertFalse(idempotencyRecordExists(room.id(), room.agentId() + "#idem-hard"), "no idempotency record");

        // The client retries with the same Idempotency-Key once DynamoDB is back: stored exactly once.
        FAULTS.clear();
        Response retried = send(room, "never stored", "idem-hard");
        assertEquals(201, retried.status(), retried::toString);
        assertEquals(before + 1, retried.json().path("seq").asLong());
        Response repeated = send(room, "never stored", "idem-hard");
        assertEquals(retried.json().path("id"), repeated.json().path("id"), "a repeat replays the first result");
        assertEquals(before + 1, lastSeq(room.id()));
        assertEquals(eventsBefore + 1, events(room.id()).size());
    }

    @Test
    void nonRetryableError_failsAtOnce_as500Internal_andNothingIsWritten() {
        Room room = newRoom("access-denied");
        long before = lastSeq(room.id());

        FAULTS.failAlways(TRANSACT, Kind.ACCESS_DENIED);
        Response failed = send(room, "refused", null);

        assertInternal(failed);
        assertEquals(1, FAULTS.attempts(TRANSACT), "a non-retryable error is not retried");
        assertEquals(before, lastSeq(room.id()));
        assertTrue(events(room.id()).stream().noneMatch(e -> "refused".equals(e.get("content").s())));
    }

    @Test
    void roomCreateFailsHard_leavesNoRoomNoKeyAndTheOwnersCountUnchanged() {
        Human owner = newHuman("create-failure");
        long roomsBefore = roomCount(owner.id());
        int keysBefore = count(tables.keys());
        int roomItemsBefore = count(tables.rooms());

        FAULTS.failAlways(TRANSACT, Kind.INTERNAL_SERVER_ERROR);
        Response failed = call("POST /api/rooms", owner.token(), Map.of(), Map.of("name", "Never"), Map.of());

        assertInternal(failed);
        assertEquals(roomsBefore, roomCount(owner.id()), "the owner's room count did not move");
        assertEquals(roomItemsBefore, count(tables.rooms()), "no room item");
        assertEquals(keysBefore, count(tables.keys()), "no admin key item");
        FAULTS.clear();
        Response mine = call("GET /api/rooms", owner.token(), Map.of(), null, Map.of());
        assertEquals(0, mine.json().path("rooms").size(), mine::toString);
        Response created = call("POST /api/rooms", owner.token(), Map.of(), Map.of("name", "Now"), Map.of());
        assertEquals(201, created.status(), created::toString);
        assertEquals(roomsBefore + 1, roomCount(owner.id()));
    }

    @Test
    void roomDeleteFailsOnItsTransaction_leavesTheRoomWhole_andARetryDeletesEverything() {
        Room room = newRoom("delete-failure");
        long seq = lastSeq(room.id());
        int events = events(room.id()).size();
        int keys = count(tables.keys());
        String ownerId = ownerOf(room.id());
        long owned = roomCount(ownerId);

        FAULTS.failAlways(TRANSACT, Kind.INTERNAL_SERVER_ERROR);
        Response failed = call("DELETE /api/rooms/{room}", room.adminKey(), Map.of("room", room.id()), null, Map.of());

        assertInternal(failed);
        assertEquals(seq, lastSeq(room.id()), "the room item is still there, unchanged");
        assertEquals(events, events(room.id()).size(), "its history is whole");
        assertEquals(keys, count(tables.keys()), "its keys are whole");
        assertEquals(owned, roomCount(ownerId), "the owner's count did not move");

        FAULTS.clear();
        Response deleted = call("DELETE /api/rooms/{room}", room.adminKey(), Map.of("room", room.id()), null, Map.of());
        assertEquals(200, deleted.status(), deleted::toString);
        assertTrue(events(room.id()).isEmpty(), "history purged");
        assertEquals(keys - 1, count(tables.keys()), "the room's one key deleted");
        assertEquals(owned - 1, roomCount(ownerId));
        Response gone = call("GET /api/rooms/{room}", room.adminKey(), Map.of("room", room.id()), null, Map.of());
        assertTrue(gone.status() == 401 || gone.status() == 404, gone::toString);
    }

    @Test
    void roomDeleteFailsInItsBatches_roomIsGoneAtOnce_andTheOwnersRetryDeletesEverything() {
        Room room = newRoom("batch-failure", "public");
        String roomKey = room.roomKey();
        assertEquals(201, send(room, "kept until the retry", "idem-batch").status());
        assertEquals(200, call("GET /api/rooms/{room}/messages", room.adminKey(), Map.of("room", room.id()), null,
                Map.of()).status());
        Response invite = call("POST /api/rooms/{room}/invites", room.adminKey(), Map.of("room", room.id()),
                Map.of("label", "second"), Map.of());
        assertEquals(201, invite.status(), invite::toString);
        assertFalse(roomData(room).isEmpty(), "the room holds events, keys, limit cells and idempotency records");
        assertTrue(publicRoomIds().contains(room.id()));
        long owned = roomCount(room.ownerId());

        FAULTS.failAlways(BATCH_WRITE, Kind.INTERNAL_SERVER_ERROR);
        Response failed = call("DELETE /api/rooms/{room}", room.adminKey(), Map.of("room", room.id()), null, Map.of());

        assertInternal(failed);
        assertTrue(FAULTS.attempts(BATCH_WRITE) > 1, "every batch attempt failed");
        assertEquals(owned - 1, roomCount(room.ownerId()), "the owner has the room back on their limit");
        // Half deleted, yet gone for everyone: nothing of it can be seen, used or written to.
        int events = events(room.id()).size();
        assertNotFound(call("GET /api/rooms/{room}", room.ownerToken(), Map.of("room", room.id()), null, Map.of()));
        assertNotFound(call("GET /api/rooms/{room}", room.adminKey(), Map.of("room", room.id()), null, Map.of()));
        assertNotFound(call("GET /api/rooms/{room}/messages", room.adminKey(), Map.of("room", room.id()), null,
                Map.of()));
        assertNotFound(send(room, "into a deleted room", null));
        assertNotFound(call("POST /api/rooms/{room}/heartbeat", invite.json().path("key").asText(),
                Map.of("room", room.id()), null, Map.of()));
        assertNotFound(call("POST /api/rooms/{room}/invites", room.ownerToken(), Map.of("room", room.id()),
                Map.of(), Map.of()));
        assertNotFound(call("PATCH /api/rooms/{room}", room.ownerToken(), Map.of("room", room.id()),
                Map.of("name", "Revived"), Map.of()));
        assertNotFound(call("POST /api/rooms/{room}/join", null, Map.of("room", room.id()),
                Map.of("room_key", roomKey), Map.of()));
        assertEquals(events, events(room.id()).size(), "nothing was appended");
        Response mine = call("GET /api/rooms", room.ownerToken(), Map.of(), null, Map.of());
        assertEquals(200, mine.status(), mine::toString);
        assertTrue(mine.json().path("rooms").findValuesAsText("id").isEmpty(), mine::toString);
        assertFalse(publicRoomIds().contains(room.id()), "out of the public listing");

        FAULTS.clear();
        Response deleted = call("DELETE /api/rooms/{room}", room.ownerToken(), Map.of("room", room.id()), null,
                Map.of());
        assertEquals(200, deleted.status(), deleted::toString);
        assertTrue(deleted.json().path("deleted").asBoolean(), deleted::toString);
        assertEquals(2, deleted.json().path("keys").asInt(), deleted::toString);
        assertEquals(events, deleted.json().path("events").asInt(), deleted::toString);
        assertEquals(List.of(), roomData(room), "every table is rid of the room");
        assertEquals(owned - 1, roomCount(room.ownerId()), "counted back once, not twice");
        assertNotFound(call("DELETE /api/rooms/{room}", room.ownerToken(), Map.of("room", room.id()), null, Map.of()));
    }

    @Test
    void roomDeleteAbandonedHalfway_isFinishedByTheSweeper_onlyOnceItIsAMinuteOld() {
        Room room = newRoom("abandoned", "private");
        assertEquals(201, send(room, "to be swept away", "idem-swept").status());
        FAULTS.failAlways(BATCH_WRITE, Kind.INTERNAL_SERVER_ERROR);
        assertInternal(call("DELETE /api/rooms/{room}", room.adminKey(), Map.of("room", room.id()), null, Map.of()));
        FAULTS.clear();
        List<String> left = roomData(room);
        assertFalse(left.isEmpty(), "the failed delete left the room's data");

        Wiring now = wiring(Clock.systemUTC());
        assertEquals(0, now.sweeper().sweep().finishedDeletions(), "a deletion just begun may still be running");
        assertEquals(left, roomData(room));

        Wiring later = wiring(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
        assertTrue(later.sweeper().sweep().finishedDeletions() >= 1);
        assertEquals(List.of(), roomData(room), "the sweep deleted what the failed delete left");
        assertNotFound(call("DELETE /api/rooms/{room}", room.ownerToken(), Map.of("room", room.id()), null, Map.of()));
    }

    // ------------------------------------------------------------------ helpers

    private static Wiring wiring(Clock clock) {
        return new Wiring(config, faulty, clock, Secrets.create(), ConnectionGateway.unconfigured());
    }

    private static void assertNotFound(Response response) {
        assertEquals(404, response.status(), response::toString);
        assertEquals("NOT_FOUND", response.json().path("error").path("code").asText(), response::toString);
    }

    private static List<String> publicRoomIds() {
        Response listed = call("GET /api/public-rooms", null, Map.of(), null, Map.of());
        assertEquals(200, listed.status(), listed::toString);
        return listed.json().path("rooms").findValuesAsText("id");
    }

    /** What every table still holds of the room (its item, keys, events, limit cells, idempotency records, sockets). */
    private static List<String> roomData(Room room) {
        List<String> found = new ArrayList<>();
        Map<String, AttributeValue> roomId = Map.of(":r", AttributeValue.fromS(room.id()));
        if (!clean.getItem(r -> r.tableName(tables.rooms()).consistentRead(true)
                .key(Map.of("room_id", AttributeValue.fromS(room.id())))).item().isEmpty()) {
            found.add("room item");
        }
        for (String table : List.of(tables.keys(), tables.connections())) {
            clean.scanPaginator(r -> r.tableName(table).consistentRead(true).filterExpression("room_id = :r")
                    .expressionAttributeValues(roomId)).items().forEach(i -> found.add(table + " " + i));
        }
        for (String table : List.of(tables.events(), tables.idempotency())) {
            clean.queryPaginator(r -> r.tableName(table).consistentRead(true).keyConditionExpression("room_id = :r")
                    .expressionAttributeValues(roomId)).items().forEach(i -> found.add(table + " " + i));
        }
        for (String bucket : List.of("send#" + room.agentId(), "read#" + room.agentId())) {
            if (!clean.getItem(r -> r.tableName(tables.limits()).consistentRead(true)
                    .key(Map.of("bucket", AttributeValue.fromS(bucket)))).item().isEmpty()) {
                found.add("limit cell " + bucket);
            }
        }
        return found;
    }

    private static String ownerOf(String roomId) {
        return clean.getItem(r -> r.tableName(tables.rooms())
                .key(Map.of("room_id", AttributeValue.fromS(roomId))).consistentRead(true)).item().get("owner_id").s();
    }

    private record Human(String id, String token) {
    }

    private record Room(String id, String adminKey, String agentId, String ownerId, String ownerToken,
                        String roomKey) {
    }

    private record Response(int status, JsonNode json, String raw) {
    }

    private static void assertInternal(Response response) {
        assertEquals(500, response.status(), response::toString);
        JsonNode error = response.json().path("error");
        assertEquals("INTERNAL", error.path("code").asText(), response::toString);
        assertEquals(1, response.json().size(), () -> "only 'error' at the top: " + response);
        assertEquals(2, error.size(), () -> "only code and message: " + response);
        String message = error.path("message").asText();
        assertFalse(message.isBlank(), response::toString);
        for (String leak : List.of("injected", "InternalServerError", "AccessDenied", "DynamoDb", "Exception",
                "Status Code", "Request ID", "Transact")) {
            assertFalse(response.raw().contains(leak), () -> "the 500 leaks '" + leak + "': " + response);
        }
    }

    private static Human newHuman(String tag) {
        String email = tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response signup = call("POST /api/auth/signup", null, Map.of(),
                Map.of("email", email, "password", "correct horse battery", "name", tag), Map.of());
        assertEquals(201, signup.status(), signup::toString);
        Response login = call("POST /api/auth/login", null, Map.of(),
                Map.of("email", email, "password", "correct horse battery"), Map.of());
        assertEquals(200, login.status(), login::toString);
        return new Human(login.json().path("user").path("id").asText(), login.json().path("token").asText());
    }

    private static Room newRoom(String tag) {
        return newRoom(tag, "private");
    }

    private static Room newRoom(String tag, String type) {
        Human owner = newHuman(tag);
        Response created = call("POST /api/rooms", owner.token(), Map.of(), Map.of("name", tag, "type", type),
                Map.of());
        assertEquals(201, created.status(), created::toString);
        String roomId = created.json().path("room").path("id").asText();
        String adminKey = created.json().path("admin_key").asText();
        Response first = call("POST /api/rooms/{room}/messages", adminKey, Map.of("room", roomId),
                Map.of("content", "warming up"), Map.of());
        assertEquals(201, first.status(), first::toString);
        return new Room(roomId, adminKey, first.json().path("agent_id").asText(), owner.id(), owner.token(),
                created.json().path("room").path("room_key").asText(null));
    }

    private static Response send(Room room, String content, String idempotencyKey) {
        return call("POST /api/rooms/{room}/messages", room.adminKey(), Map.of("room", room.id()),
                Map.of("content", content),
                idempotencyKey == null ? Map.of() : Map.of("idempotency-key", idempotencyKey));
    }

    /** Invokes the route's real handler with the event API Gateway's HTTP API would send. */
    private static Response call(String routeKey, String bearer, Map<String, String> pathParams, Object body,
                                 Map<String, String> extraHeaders) {
        HttpHandler handler = HANDLERS.get(routeKey);
        Map<String, String> headers = new HashMap<>(extraHeaders);
        headers.put("content-type", "application/json");
        headers.put("host", "api.example.test");
        headers.put("x-forwarded-proto", "https");
        if (bearer != null) {
            headers.put("authorization", "Bearer " + bearer);
        }
        String[] parts = routeKey.split(" ", 2);
        String path = parts[1];
        for (Map.Entry<String, String> param : pathParams.entrySet()) {
            path = path.replace("{" + param.getKey() + "}", param.getValue());
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withHeaders(headers)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams)
                .withBody(body == null ? null : write(body))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withRequestId("test-" + REQUESTS.incrementAndGet())
                        .withDomainName("api.example.test")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(parts[0]).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        try {
            return new Response(response.getStatusCode(), Json.parse(response.getBody()), response.getBody());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.getBody(), e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long lastSeq(String roomId) {
        Map<String, AttributeValue> item = clean.getItem(r -> r.tableName(tables.rooms())
                .key(Map.of("room_id", AttributeValue.fromS(roomId))).consistentRead(true)).item();
        AttributeValue seq = item.get("last_seq");
        return seq == null ? 0 : Long.parseLong(seq.n());
    }

    private static long roomCount(String userId) {
        Map<String, AttributeValue> item = clean.getItem(r -> r.tableName(tables.users())
                .key(Map.of("pk", AttributeValue.fromS(userId))).consistentRead(true)).item();
        AttributeValue count = item.get("room_count");
        return count == null ? 0 : Long.parseLong(count.n());
    }

    private static List<Map<String, AttributeValue>> events(String roomId) {
        return clean.queryPaginator(r -> r.tableName(tables.events()).consistentRead(true)
                        .keyConditionExpression("room_id = :r")
                        .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(roomId))))
                .items().stream().toList();
    }

    private static boolean idempotencyRecordExists(String roomId, String scopedKey) {
        Map<String, AttributeValue> item = clean.getItem(r -> r.tableName(tables.idempotency()).consistentRead(true)
                .key(Map.of("room_id", AttributeValue.fromS(roomId), "idem_key", AttributeValue.fromS(scopedKey))))
                .item();
        return item != null && !item.isEmpty();
    }

    private static int count(String table) {
        return clean.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
                .mapToInt(i -> 1).sum();
    }
}
