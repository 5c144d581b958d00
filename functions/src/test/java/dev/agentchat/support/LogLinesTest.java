package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.realtime.FanOut;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogLinesTest {

    /** Lambda's own context: not a sink, so entries and lines go to stdout as on AWS. */
    private static Context lambdaContext(String requestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> "getAwsRequestId".equals(method.getName()) ? requestId : null);
    }

    /** Every line printed while {@code work} ran, each of which must be a whole JSON object. */
    private static List<JsonNode> stdoutOf(Runnable work) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            work.run();
        } finally {
            System.setOut(original);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(Json.parse(line));
            }
        }
        return lines;
    }

    private static List<JsonNode> withMessage(List<JsonNode> lines, String message) {
        return lines.stream().filter(l -> message.equals(l.path("message").asText())).toList();
    }

    @Test
    void binding_isLogLines() {
        assertInstanceOf(LogLines.class, LoggerFactory.getILoggerFactory());
    }

    @Test
    void errorWithAStack_onTheLambdaPath_isExactlyOneJsonLineWithLevelMessageStackAndRequestId() throws Exception {
        List<JsonNode> printed = stdoutOf(() -> {
            RequestLog.Entry request = RequestLog.start("stream", "FanOutHandler", lambdaContext("req-lambda-1"));
            LoggerFactory.getLogger(FanOut.class).warn("delivery of seq {} to {} failed", 7, "conn-1",
                    new IllegalStateException("management api said 500", new RuntimeException("root cause")));
            request.finish(null, null);
        });

        List<JsonNode> lines = withMessage(printed, "delivery of seq 7 to conn-1 failed");
        assertEquals(1, lines.size(), printed::toString);
        JsonNode line = lines.get(0);
        assertEquals("WARN", line.path("level").asText());
        assertTrue(line.path("time").asText().endsWith("Z"), line::toString);
        assertEquals(FanOut.class.getName(), line.path("logger").asText());
        assertEquals("req-lambda-1", line.path("aws_request_id").asText());
        assertEquals("FanOutHandler", line.path("handler").asText());
        JsonNode error = line.path("error");
        assertEquals(IllegalStateException.class.getName(), error.path("type").asText());
        assertEquals("management api said 500", error.path("message").asText());
        String stack = error.path("stack").asText();
        assertTrue(stack.contains("at dev.agentchat.support.LogLinesTest"), stack);
        assertTrue(stack.contains("Caused by: java.lang.RuntimeException: root cause"), stack);
        // The request's own line is separate, still INFO: the warning was handled below it.
        JsonNode entry = printed.stream().filter(l -> "stream".equals(l.path("kind").asText())
                && "req-lambda-1".equals(l.path("aws_request_id").asText())).findFirst().orElseThrow();
        assertEquals("INFO", entry.path("level").asText());
    }

    @Test
    void lineFromAPoolThread_workingWithinARequest_carriesThatRequestsIdAndGoesToItsSink() throws Exception {
        CapturingContext context = new CapturingContext("req-pooled");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            RequestLog.Entry request = RequestLog.start("stream", "FanOutHandler", context);
            pool.submit(RequestLog.within(() -> {
                LoggerFactory.getLogger(FanOut.class).error("push failed", new IllegalStateException("boom"));
                return null;
            })).get();
            pool.submit(() -> RequestLog.note("room_id", "room_from_pool")).get();
            request.finish(null, null);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, context.lines().size(), context.lines()::toString);
        JsonNode line = Json.parse(context.lines().get(0).json());
        assertEquals("ERROR", line.path("level").asText());
        assertEquals("req-pooled", line.path("aws_request_id").asText());
        assertEquals("push failed", line.path("message").asText());
        assertEquals("boom", line.path("error").path("message").asText());
        assertEquals(1, context.entries().size(), "a line is not a request entry");
        assertFalse(context.entries().get(0).fields().containsKey("room_id"), "a pool thread cannot note into the request");
    }

    @Test
    void lineOutsideAnyRequest_goesToTheBackgroundSink_withoutARequestId() throws Exception {
        CapturingContext background = new CapturingContext("unused");
        RequestLog.background(background);
        try {
            LoggerFactory.getLogger("dev.agentchat.standalone.StreamPoller").warn("stream poll failed; retrying");
        } finally {
            RequestLog.background(null);
        }
        JsonNode line = Json.parse(background.lines().stream()
                .filter(l -> "stream poll failed; retrying".equals(l.fields().get("message"))).findFirst()
                .orElseThrow(() -> new AssertionError(background.lines().toString())).json());
        assertEquals("WARN", line.path("level").asText());
        assertFalse(line.has("aws_request_id"), line::toString);
    }

    @Test
    void debug_isOffAtTheDefaultLevel_andTheLambdaLevelNamesMapToThresholds() {
        assertFalse(LoggerFactory.getLogger(LogLinesTest.class).isDebugEnabled());
        assertTrue(LoggerFactory.getLogger(LogLinesTest.class).isInfoEnabled());
        assertEquals(org.slf4j.event.Level.DEBUG.toInt(), LogLines.threshold("debug"));
        assertEquals(org.slf4j.event.Level.ERROR.toInt(), LogLines.threshold("FATAL"));
        assertEquals(org.slf4j.event.Level.INFO.toInt(), LogLines.threshold(null));
    }

    @Test
    void text_ofALine_isTimeLevelMessageThenFields_andTheStackBelow() {
        CapturingContext context = new CapturingContext("req-text");
        RequestLog.Entry request = RequestLog.start("schedule", "SweeperHandler", context);
        LoggerFactory.getLogger("dev.agentchat.realtime.Sweeper").warn("sweep of connection {} failed", "c9",
                new IllegalStateException("boom"));
        request.finish(null, null);
        String text = context.lines().get(0).text();
        String first = text.lines().findFirst().orElseThrow();
        assertTrue(first.matches("\\S+Z WARN  sweep of connection c9 failed logger=\\S+ aws_request_id=req-text .*"), first);
        assertTrue(text.contains("java.lang.IllegalStateException: boom"), text);
    }
}
