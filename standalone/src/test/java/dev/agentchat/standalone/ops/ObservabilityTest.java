package dev.agentchat.standalone.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.ManagementFaults.Fault;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.StandaloneServerExtension;
import dev.agentchat.standalone.support.WsClient;
import dev.agentchat.support.Json;
import dev.agentchat.testing.NetworkDynamo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The standalone server's operability over real HTTP: the request log line of each request (as
 * JSON and as text), "stopped" on close, {@code /metrics} in Prometheus' text format counting a
 * send and its delivery, a failed push as one JSON line with its stack, and {@code /ready} answering 200 while DynamoDB answers and 503 once it is gone.
 */
class ObservabilityTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static AgentChatServer start(Map<String, String> extra, List<String> lines) throws Exception {
        Map<String, String> env = StandaloneServerExtension.generousEnv();
        env.putAll(extra);
        return new AgentChatServer("127.0.0.1", 0, null, env, lines::add).start();
    }

    private static HttpResponse<String> get(AgentChatServer server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first line that is a JSON object matching {@code test}, waiting for it (some are written asynchronously). */
    private static JsonNode awaitJsonLine(List<String> lines, Predicate<JsonNode> test) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (String line : lines) {
                if (line.startsWith("{")) {
                    JsonNode node = Json.parse(line);
                    if (test.test(node)) {
                        return node;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such log line in " + WAIT + "; lines: " + lines);
            }
            Thread.sleep(20);
        }
    }

    private static long sample(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$").matcher(exposition);
        assertTrue(m.find(), () -> series + " not in /metrics:\n" + exposition);
        return Long.parseLong(m.group(1));
    }

    private static long awaitSampleAtLeast(AgentChatServer server, String series, long atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long value = sample(get(server, "/metrics").body(), series);
            if (value >= atLeast || System.nanoTime() > deadline) {
                return value;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void jsonLog_hasALinePerRequestAndFrame_metricsCountTheSendAndItsDelivery_andCloseSaysStopped() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        AgentChatServer server = start(Map.of("LOG_FORMAT", "json"), lines);
        String roomId;
        try {
            Api api = new Api(server);
            Api.Human owner = api.newHuman("observed");
            roomId = api.createRoom(owner.token(), "Observed").id();
            String sender = api.invite(roomId, owner.token(), "Sender");
            String listenerKey = api.invite(roomId, owner.token(), "Listener");

            HttpResponse<String> metrics = get(server, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                    metrics.headers().map()::toString);
            assertTrue(metrics.body().contains("# TYPE agentchat_deliveries_total counter"), metrics.body());
            long sentBefore = sample(metrics.body(), "agentchat_messages_sent_total{transport=\"rest\"}");
            long deliveredBefore = sample(metrics.body(), "agentchat_deliveries_total");

            try (WsClient listener = WsClient.openAndJoin(server, "listener", roomId, listenerKey)) {
                api.send(roomId, sender, "counted");
                listener.awaitFrame(f -> WsClient.isType(f, "message") && "counted".equals(f.path("content").asText()));
            }
            assertTrue(awaitSampleAtLeast(server, "agentchat_messages_sent_total{transport=\"rest\"}", sentBefore + 1)
                    >= sentBefore + 1, "the REST send is counted");
            assertTrue(awaitSampleAtLeast(server, "agentchat_deliveries_total", deliveredBefore + 1)
                    >= deliveredBefore + 1, "its push to the listener is counted");
            assertTrue(awaitSampleAtLeast(server, "agentchat_fan_out_lag_milliseconds_count", 1) >= 1);

            String room = roomId;
            JsonNode send = awaitJsonLine(lines, l -> "POST /api/rooms/{room}/messages".equals(l.path("route").asText())
                    && room.equals(l.path("room_id").asText()));
            assertEquals("INFO", send.path("level").asText());
            assertEquals("http", send.path("kind").asText());
            assertEquals("SendMessageHandler", send.path("handler").asText());
            assertEquals(201, send.path("status").asInt());
            assertTrue(send.path("latency_ms").isIntegralNumber(), send::toString);
            assertTrue(send.path("agent_id").asText().startsWith("agt_"), send::toString);
            assertTrue(send.path("aws_request_id").asText().startsWith("local-"), send::toString);

            JsonNode join = awaitJsonLine(lines, l -> "join".equals(l.path("route").asText())
                    && room.equals(l.path("room_id").asText()));
            assertEquals("ws", join.path("kind").asText());
            assertTrue(!join.path("connection_id").asText().isEmpty(), join::toString);

            JsonNode fanOut = awaitJsonLine(lines, l -> "FanOutHandler".equals(l.path("handler").asText()));
            assertEquals("stream", fanOut.path("kind").asText());
            assertTrue(fanOut.path("events").asInt() >= 1, fanOut::toString);

            HttpResponse<String> refused = get(server, "/api/rooms/" + roomId);
            assertEquals(401, refused.statusCode());
            JsonNode refusal = awaitJsonLine(lines, l -> "GET /api/rooms/{room}".equals(l.path("route").asText())
                    && l.path("status").asInt() == 401);
            assertEquals("UNAUTHORIZED", refusal.path("error_code").asText());
        } finally {
            server.close();
        }
        assertEquals("AgentChat stopped", Json.parse(lines.get(lines.size() - 1)).path("message").asText(),
                () -> "last line: " + lines.get(lines.size() - 1));
    }

    @Test
    void failedPush_isExactlyOneJsonLine_withLevelMessageStackAndTheFanOutsRequestId() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        AgentChatServer server = start(Map.of("LOG_FORMAT", "json"), lines);
        try {
            Api api = new Api(server);
            Api.Human owner = api.newHuman("pushfail");
            String roomId = api.createRoom(owner.token(), "Push failure").id();
            String sender = api.invite(roomId, owner.token(), "Sender");
            String listenerKey = api.invite(roomId, owner.token(), "Listener");
            try (WsClient listener = WsClient.openAndJoin(server, "listener", roomId, listenerKey)) {
                // The sender's first use (its join event) is pushed before the fault, so the failing
                // push is the message's alone, whichever stream batches the events fall into.
                api.claim(roomId, sender);
                listener.awaitFrame(f -> WsClient.isType(f, "agent_joined")
                        && "Sender".equals(f.path("name").asText()));
                String connectionId = server.connections().listByRoom(roomId).get(0).id();
                // 4: every SDK attempt of one push (3 standard, 4 legacy), fewer than two pushes'
                // worth: the first push fails, the stream's retry delivers.
                server.managementFaults().fail(connectionId, Fault.INTERNAL_ERROR, 4);
                api.send(roomId, sender, "pushed late");
                listener.awaitFrame(f -> WsClient.isType(f, "message") && "pushed late".equals(f.path("content").asText()));

                String failed = " to " + connectionId + " failed";
                JsonNode failure = awaitJsonLine(lines, l -> l.path("message").asText().startsWith("delivery of seq ")
                        && l.path("message").asText().endsWith(failed));
                assertEquals("WARN", failure.path("level").asText());
                assertEquals("dev.agentchat.realtime.FanOut", failure.path("logger").asText());
                assertEquals("FanOutHandler", failure.path("handler").asText());
                String requestId = failure.path("aws_request_id").asText();
                assertFalse(requestId.isEmpty(), failure::toString);
                String stack = failure.path("error").path("stack").asText();
                assertTrue(stack.contains("\n\tat ") && stack.contains("dev.agentchat.realtime.FanOut"), stack);
                // The batch that failed the push has its own line, with the same request id.
                awaitJsonLine(lines, l -> "FanOutHandler".equals(l.path("handler").asText())
                        && "stream".equals(l.path("kind").asText()) && l.path("failed").asInt() == 1
                        && requestId.equals(l.path("aws_request_id").asText()));
                assertEquals(1, lines.stream().filter(l -> l.contains(failed)).count(), lines::toString);
            }
        } finally {
            server.close();
        }
        // Not one continuation line: every entry, the stack's too, is a whole JSON object on one line.
        for (String line : lines) {
            assertFalse(line.contains("\n") || line.contains("\r"), line);
            assertTrue(Json.parse(line).isObject(), line);
        }
    }

    @Test
    void textLog_putsTimeLevelRouteStatusAndLatencyFirst() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        AgentChatServer server = start(Map.of("LOG_FORMAT", "text"), lines);
        try {
            assertEquals(401, get(server, "/api/me").statusCode());
            long deadline = System.nanoTime() + WAIT.toNanos();
            Optional<String> line = Optional.empty();
            while (line.isEmpty() && System.nanoTime() < deadline) {
                line = lines.stream().filter(l -> l.contains(" GET /api/me ")).findFirst();
                Thread.sleep(20);
            }
            String text = line.orElseThrow(() -> new AssertionError("no line for GET /api/me in " + lines));
            assertTrue(text.matches("\\S+Z INFO  GET /api/me 401 \\d+ms .*error_code=UNAUTHORIZED.*"), text);
        } finally {
            server.close();
        }
        assertTrue(lines.get(lines.size() - 1).endsWith(" INFO  AgentChat stopped"), lines::toString);
    }

    @Test
    void ready_is200WhileDynamoDbAnswers_and503OnceItIsGone() throws Exception {
        NetworkDynamo dynamo = NetworkDynamo.start();
        Map<String, String> env = Map.of("DYNAMODB_ENDPOINT", dynamo.endpoint(),
                "TABLE_PREFIX", "r" + UUID.randomUUID().toString().substring(0, 8) + "-");
        AgentChatServer server = start(env, new CopyOnWriteArrayList<>());
        try {
            HttpResponse<String> ready = get(server, "/ready");
            assertEquals(200, ready.statusCode(), ready::body);
            assertEquals("ready", Json.parse(ready.body()).path("status").asText());

            dynamo.close();
            HttpResponse<String> down = get(server, "/ready");
            assertEquals(503, down.statusCode(), down::body);
            JsonNode body = Json.parse(down.body());
            assertEquals("unavailable", body.path("status").asText());
            assertTrue(body.path("reason").asText().startsWith("DynamoDB did not answer"), down::body);
        } finally {
            server.close();
        }
    }
}
