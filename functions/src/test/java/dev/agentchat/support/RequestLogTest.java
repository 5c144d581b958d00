package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.error.Refusal;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.http.HttpRequest;
import dev.agentchat.http.HttpResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RequestLogTest {
    private static final String ROUTE = "POST /api/rooms/{room}/messages";

    /** An HTTP handler whose behaviour the test chooses, behind the real edge. */
    private static final class Probe extends HttpHandler {
        private final Function<HttpRequest, HttpResult> behaviour;

        Probe(Function<HttpRequest, HttpResult> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        protected HttpResult handle(HttpRequest request) {
            return behaviour.apply(request);
        }
    }

    private static APIGatewayV2HTTPEvent event() {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(ROUTE)
                .withRawPath("/api/rooms/room_1/messages")
                .withPathParameters(Map.of("room", "room_1"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("apigw-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                        .build())
                .build();
    }

    private static JsonNode parse(String line) throws Exception {
        assertFalse(line.contains("\n") || line.contains("\r"), "one line: " + line);
        return Json.parse(line);
    }

    @Test
    void httpEdge_whenTheHandlerAnswers_logsOneInfoLineWithRouteStatusLatencyAndIds() throws Exception {
        CapturingContext context = new CapturingContext("lambda-1");
        new Probe(request -> {
            RequestLog.note("agent_id", "agt_1");
            RequestLog.note("room_id", "room_other"); // the edge's own value (the path's) stays
            return HttpResult.created(Json.object());
        }).handleRequest(event(), context);

        assertEquals(1, context.entries().size());
        JsonNode line = parse(context.entries().get(0).json());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("http", line.path("kind").asText());
        assertEquals("Probe", line.path("handler").asText());
        assertEquals(ROUTE, line.path("route").asText());
        assertEquals(201, line.path("status").asInt());
        assertTrue(line.path("latency_ms").isIntegralNumber() && line.path("latency_ms").asLong() >= 0, line.toString());
        assertEquals("lambda-1", line.path("aws_request_id").asText());
        assertEquals("apigw-1", line.path("request_id").asText());
        assertEquals("room_1", line.path("room_id").asText());
        assertEquals("agt_1", line.path("agent_id").asText());
        assertTrue(line.path("time").asText().endsWith("Z"), line.toString());
        assertFalse(line.has("error_code") || line.has("error"), line.toString());
    }

    @Test
    void httpEdge_whenRefused_logsTheErrorCodeAtInfo() throws Exception {
        CapturingContext context = new CapturingContext("lambda-2");
        new Probe(request -> {
            throw Refusal.rateLimited("slow down", 3);
        }).handleRequest(event(), context);

        JsonNode line = parse(context.entries().get(0).json());
        assertEquals("INFO", line.path("level").asText());
        assertEquals(429, line.path("status").asInt());
        assertEquals("RATE_LIMITED", line.path("error_code").asText());
        assertFalse(line.has("error"), "a refusal is an answer, not a fault: no stack");
    }

    @Test
    void httpEdge_whenTheHandlerFails_logsOneErrorEntryWithTheWholeStack() throws Exception {
        CapturingContext context = new CapturingContext("lambda-3");
        new Probe(request -> {
            throw new IllegalStateException("store broke", new RuntimeException("root cause"));
        }).handleRequest(event(), context);

        assertEquals(1, context.entries().size(), "the failure is in the request's entry, not a second one");
        JsonNode line = parse(context.entries().get(0).json());
        assertEquals("ERROR", line.path("level").asText());
        assertEquals(500, line.path("status").asInt());
        assertEquals("INTERNAL", line.path("error_code").asText());
        JsonNode error = line.path("error");
        assertEquals(IllegalStateException.class.getName(), error.path("type").asText());
        assertEquals("store broke", error.path("message").asText());
        String stack = error.path("stack").asText();
        assertTrue(stack.contains("at dev.agentchat.support.RequestLogTest"), stack);
        assertTrue(stack.contains("Caused by: java.lang.RuntimeException: root cause"), stack);
        assertTrue(stack.split("\n").length > 3, "the stack's frames are all there, inside one JSON string");
    }

    @Test
    void stdoutSink_writesExactlyOneJsonLinePerEntry_evenWithAStack() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            RequestLog.start("queue", "Probe", null).failed(new IllegalStateException("a\nb")).finish(null, null);
        } finally {
            System.setOut(original);
        }
        // Other tests' background threads (e.g. a fan-out's metrics) may print meanwhile: every
        // line must still be a whole JSON object, and exactly one of them is this entry.
        String printed = out.toString(StandardCharsets.UTF_8);
        List<JsonNode> probes = new ArrayList<>();
        for (String printedLine : printed.split("\n")) {
            JsonNode parsed = Json.parse(printedLine);
            if ("Probe".equals(parsed.path("handler").asText())) {
                probes.add(parsed);
            }
        }
        assertEquals(1, probes.size(), printed);
        JsonNode line = probes.get(0);
        assertEquals("ERROR", line.path("level").asText());
        assertEquals("a\nb", line.path("error").path("message").asText());
        assertFalse(line.has("status"));
    }

    @Test
    void note_outsideARequestOrAfterIt_isDropped() {
        RequestLog.note("agent_id", "agt_before");
        CapturingContext context = new CapturingContext("lambda-4");
        RequestLog.Entry entry = RequestLog.start("ws", "Probe", context);
        entry.finish(200, null);
        RequestLog.note("agent_id", "agt_after");
        assertNull(context.entries().get(0).fields().get("agent_id"));
    }

    @Test
    void text_putsTimeLevelRouteStatusAndLatencyFirst_andTheStackOnLinesOfItsOwn() {
        CapturingContext context = new CapturingContext("lambda-5");
        RequestLog.start("http", "Probe", context).put("route", ROUTE).put("room_id", "room_1")
                .failed(new IllegalStateException("boom")).finish(500, "INTERNAL");
        String text = context.entries().get(0).text();
        String first = text.lines().findFirst().orElseThrow();
        assertTrue(first.matches("\\S+Z ERROR " + java.util.regex.Pattern.quote(ROUTE) + " 500 \\d+ms .*"), first);
        assertTrue(first.contains(" room_id=room_1") && first.contains(" error_code=INTERNAL")
                && first.contains(" handler=Probe"), first);
        assertTrue(text.contains("java.lang.IllegalStateException: boom"), text);
    }
}
