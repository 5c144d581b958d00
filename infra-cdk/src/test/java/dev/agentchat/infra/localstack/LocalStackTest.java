package dev.agentchat.infra.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.Routes;
import dev.agentchat.config.AppConfig;
import dev.agentchat.handler.stream.FanOutHandler;
import dev.agentchat.realtime.ConnectionGateway;
import dev.agentchat.store.TableDef;
import dev.agentchat.store.TableNames;
import dev.agentchat.store.Tables;
import dev.agentchat.support.Secrets;
import dev.agentchat.wiring.DynamoDbClients;
import dev.agentchat.wiring.Wiring;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The shared table definitions and the realtime path against LocalStack's DynamoDB and
 * DynamoDB Streams (both in the free image). Skipped where no Docker engine is reachable; the
 * same behaviour is covered without Docker by the functions module's DynamoDB Local tests and
 * the standalone end-to-end suite.
 *
 * <p>Image: {@code -Dlocalstack.image=…} or {@code LOCALSTACK_IMAGE}; an auth token in
 * {@code LOCALSTACK_AUTH_TOKEN} is passed to the container when set.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Container
    static final LocalStackContainer LOCALSTACK = localStack();

    private static final RecordingGateway GATEWAY = new RecordingGateway();
    private static AppConfig config;
    private static DynamoDbClient db;
    private static DynamoDbStreamsClient streams;
    private static Wiring wiring;

    static LocalStackContainer localStack() {
        String image = System.getProperty("localstack.image",
                System.getenv().getOrDefault("LOCALSTACK_IMAGE", "localstack/localstack:4.4"));
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("dynamodb");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return container;
    }

    @BeforeAll
    static void createTablesFromTheSharedDefinitions() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", LOCALSTACK.getRegion());
        env.put("DYNAMODB_ENDPOINT", LOCALSTACK.getEndpoint().toString());
        env.put("TABLE_PREFIX", "ls" + UUID.randomUUID().toString().substring(0, 8) + "-");
        config = AppConfig.fromEnv(env);
        db = DynamoDbClients.create(config);
        streams = DynamoDbStreamsClient.builder()
                .endpointOverride(URI.create(LOCALSTACK.getEndpoint().toString()))
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        for (TableDef table : Tables.ALL) {
            String name = TableNames.name(config, table);
            db.createTable(table.toCreateTableRequest(name));
            db.waiter().waitUntilTableExists(r -> r.tableName(name));
            // As the CDK stack does: TTL is a table setting, not part of CreateTable.
            table.ttlAttribute().ifPresent(attribute -> db.updateTimeToLive(r -> r.tableName(name)
                    .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true))));
        }
        wiring = new Wiring(config, db, Clock.systemUTC(), Secrets.create(), GATEWAY);
    }

    @Test
    void tables_matchTheirDefinitions() {
        for (TableDef def : Tables.ALL) {
            String name = TableNames.name(config, def);
            TableDescription table = db.describeTable(r -> r.tableName(name)).table();
            List<String> keys = table.keySchema().stream().map(KeySchemaElement::attributeName).toList();
            List<String> expected = new ArrayList<>(List.of(def.partitionKey().name()));
            def.sortKey().ifPresent(k -> expected.add(k.name()));
            assertEquals(expected, keys, name);
            assertEquals(def.globalIndexes().stream().map(TableDef.Index::name).collect(Collectors.toSet()),
                    table.globalSecondaryIndexes().stream().map(i -> i.indexName()).collect(Collectors.toSet()), name);
            assertEquals(def.localIndexes().stream().map(TableDef.Index::name).collect(Collectors.toSet()),
                    table.localSecondaryIndexes().stream().map(i -> i.indexName()).collect(Collectors.toSet()), name);
            assertEquals(def.stream(), table.streamSpecification() != null
                    && Boolean.TRUE.equals(table.streamSpecification().streamEnabled()), name);
            if (def.ttlAttribute().isPresent()) {
                var ttl = db.describeTimeToLive(r -> r.tableName(name)).timeToLiveDescription();
                assertEquals(def.ttlAttribute().get(), ttl.attributeName(), name);
                assertTrue(Set.of(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING)
                        .contains(ttl.timeToLiveStatus()), name);
            }
        }
    }

    @Test
    void restAgents_writeGapFreeEvents_andTheStreamHandlerPushesThemToTheRoomsSockets() throws Exception {
        String token = humanToken();
        JsonNode created = call("POST", "/api/rooms", Map.of(), token, "{\"name\":\"LocalStack room\"}", 201);
        String room = created.at("/room/id").asText();
        String aliceKey = created.get("admin_key").asText();
        String bobKey = call("POST", "/api/rooms/{room}/invites", Map.of("room", room), token,
                "{\"label\":\"Bob\"}", 201).get("key").asText();

        // Alice listens on a socket; Bob talks over REST.
        String socket = "conn-" + UUID.randomUUID();
        websocket(Routes.CONNECT, socket, null);
        websocket("join", socket, JSON.writeValueAsString(Map.of("type", "join", "room", room, "key", aliceKey)));
        for (int i = 1; i <= 3; i++) {
            call("POST", "/api/rooms/{room}/messages", Map.of("room", room), bobKey,
                    JSON.writeValueAsString(Map.of("content", "hello " + i)), 201);
        }

        JsonNode read = call("GET", "/api/rooms/{room}/messages", Map.of("room", room), bobKey, null, 200);
        List<Long> seqs = new ArrayList<>();
        read.get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(i + 1, seqs.get(i), "seq must be gap-free: " + seqs);
        }

        DynamodbEvent batch = insertsOf(TableNames.name(config, Tables.EVENTS), "hello 3");
        StreamsEventResponse response = new FanOutHandler(wiring.fanOut()).handleRequest(batch, null);
        assertTrue(response.getBatchItemFailures().isEmpty(), "failures: " + response.getBatchItemFailures());
        List<String> contents = GATEWAY.framesTo(socket).stream()
                .map(LocalStackTest::parse)
                .filter(f -> "message".equals(f.path("type").asText()))
                .map(f -> f.path("content").asText())
                .toList();
        assertEquals(List.of("hello 1", "hello 2", "hello 3"), contents);
    }

    private static String humanToken() {
        String email = "ls-" + UUID.randomUUID() + "@example.com";
        call("POST", "/api/auth/signup", Map.of(), null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\",\"name\":\"Ada\"}", 201);
        return call("POST", "/api/auth/login", Map.of(), null,
                "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}", 200).get("token").asText();
    }

    /** Invokes the route's handler the way API Gateway would, as the route table builds it. */
    private static JsonNode call(String method, String path, Map<String, String> params, String bearer, String body,
                                 int expectedStatus) {
        String routeKey = method + " " + path;
        Routes.HttpRoute route = Routes.HTTP.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new AssertionError("no route " + routeKey));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        if (bearer != null) {
            headers.put("authorization", "Bearer " + bearer);
        }
        String rawPath = path;
        for (Map.Entry<String, String> p : params.entrySet()) {
            rawPath = rawPath.replace("{" + p.getKey() + "}", p.getValue());
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
                .withHeaders(headers)
                .withPathParameters(params.isEmpty() ? null : params)
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withDomainName("localhost")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(rawPath).withSourceIp("127.0.0.1").build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = route.factory().apply(wiring).handleRequest(event, null);
        assertEquals(expectedStatus, response.getStatusCode(), routeKey + " → " + response.getBody());
        return parse(response.getBody());
    }

    private static void websocket(String routeKey, String connectionId, String body) {
        Routes.WsRoute route = Routes.WEBSOCKET.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst()
                .orElseThrow(() -> new AssertionError("no WebSocket route " + routeKey));
        APIGatewayV2WebSocketEvent event = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext context = new APIGatewayV2WebSocketEvent.RequestContext();
        context.setConnectionId(connectionId);
        context.setRouteKey(routeKey);
        context.setRequestId(UUID.randomUUID().toString());
        event.setRequestContext(context);
        event.setBody(body);
        route.factory().apply(wiring).handleRequest(event, null);
    }

    /**
     * What Lambda's event source would hand the fan-out: the stream's INSERTs, read from
     * LocalStack until the record holding {@code lastContent} has arrived (streams lag writes a little).
     */
    private static DynamodbEvent insertsOf(String tableName, String lastContent) throws InterruptedException {
        String streamArn = db.describeTable(r -> r.tableName(tableName)).table().latestStreamArn();
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>();
        Map<String, String> iterators = new LinkedHashMap<>();
        for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
            iterators.put(shard.shardId(), streams.getShardIterator(r -> r.streamArn(streamArn)
                    .shardId(shard.shardId()).shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
        long deadline = System.currentTimeMillis() + 15_000;
        boolean complete = false;
        while (!complete && System.currentTimeMillis() < deadline) {
            for (Map.Entry<String, String> shard : iterators.entrySet()) {
                if (shard.getValue() == null) {
                    continue;
                }
                var response = streams.getRecords(r -> r.shardIterator(shard.getValue()));
                shard.setValue(response.nextShardIterator());
                for (Record record : response.records()) {
                    if ("INSERT".equals(record.eventNameAsString())) {
                        records.add(toLambda(record));
                        complete |= record.dynamodb().newImage().values().stream()
                                .anyMatch(v -> lastContent.equals(v.s()));
                    }
                }
            }
            if (!complete) {
                Thread.sleep(200);
            }
        }
        assertTrue(complete, "the stream never delivered the record holding '" + lastContent + "'");
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord toLambda(Record record) {
        StreamRecord dynamodb = new StreamRecord();
        dynamodb.setSequenceNumber(record.dynamodb().sequenceNumber());
        dynamodb.setNewImage(toLambda(record.dynamodb().newImage()));
        dynamodb.setKeys(toLambda(record.dynamodb().keys()));
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventName(record.eventNameAsString());
        out.setEventID(record.eventID());
        out.setDynamodb(dynamodb);
        return out;
    }

    private static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(
            Map<String, AttributeValue> image) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new HashMap<>();
        image.forEach((name, value) -> out.put(name, toLambda(value)));
        return out;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toLambda(
            AttributeValue value) {
        var out = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        if (value.s() != null) {
            out.setS(value.s());
        } else if (value.n() != null) {
            out.setN(value.n());
        } else if (value.bool() != null) {
            out.setBOOL(value.bool());
        } else if (Boolean.TRUE.equals(value.nul())) {
            out.setNULL(true);
        } else if (value.hasSs()) {
            out.setSS(value.ss());
        } else if (value.hasNs()) {
            out.setNS(value.ns());
        } else if (value.hasM()) {
            out.setM(toLambda(value.m()));
        } else if (value.hasL()) {
            out.setL(value.l().stream().map(LocalStackTest::toLambda).toList());
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A Management API stand-in that records each connection's frames. */
    private static final class RecordingGateway implements ConnectionGateway {
        private final Map<String, List<String>> sent = new ConcurrentHashMap<>();

        @Override
        public void send(String connectionId, String frame) {
            sent.computeIfAbsent(connectionId, id -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(frame);
        }

        @Override
        public void close(String connectionId) {
            sent.remove(connectionId);
        }

        List<String> framesTo(String connectionId) {
            return sent.getOrDefault(connectionId, List.of());
        }
    }
}
