package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfTest {
    private static final long NOW = 1_764_000_000_000L;

    private static JsonNode parse(String line) throws Exception {
        assertFalse(line.contains("\n"), line);
        return Json.parse(line);
    }

    private static List<String> names(JsonNode directive) {
        List<String> names = new ArrayList<>();
        directive.path("Metrics").forEach(m -> names.add(m.path("Name").asText()));
        return names;
    }

    @Test
    void lines_carryTheNamespaceTimestampAndEachCountedMetricWithItsValue() throws Exception {
        Metrics metrics = new Metrics();
        metrics.count(Metric.DELIVERIES);
        metrics.count(Metric.DELIVERIES);
        metrics.count(Metric.PUSH_GONE);
        metrics.lag(12);
        metrics.lag(30);
        metrics.sent(Metric.Transport.WS, false);
        metrics.sent(Metric.Transport.WS, true);

        List<String> lines = Emf.lines(metrics.drain(), NOW);
        assertEquals(2, lines.size(), lines.toString());

        JsonNode plain = parse(lines.get(0));
        JsonNode aws = plain.path("_aws");
        assertEquals(NOW, aws.path("Timestamp").asLong());
        JsonNode directive = aws.path("CloudWatchMetrics").get(0);
        assertEquals("AgentChat", directive.path("Namespace").asText());
        assertEquals("[[]]", directive.path("Dimensions").toString(), "no dimensions");
        assertEquals(List.of("IdempotentReplays", "Deliveries", "PushGone", "FanOutLag"), names(directive));
        assertEquals("Milliseconds", directive.path("Metrics").get(3).path("Unit").asText());
        assertEquals("Count", directive.path("Metrics").get(0).path("Unit").asText());
        assertEquals(2, plain.path("Deliveries").asInt());
        assertEquals(1, plain.path("PushGone").asInt());
        assertEquals(1, plain.path("IdempotentReplays").asInt());
        assertEquals("[12,30]", plain.path("FanOutLag").toString());
        // Every metric a directive names is a member of the line (EMF drops the line otherwise).
        for (String name : names(directive)) {
            assertTrue(plain.has(name), name);
        }

        JsonNode sent = parse(lines.get(1));
        JsonNode sentDirective = sent.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("[[\"Transport\"]]", sentDirective.path("Dimensions").toString());
        assertEquals(List.of("MessagesSent"), names(sentDirective));
        assertEquals("ws", sent.path("Transport").asText());
        assertEquals(1, sent.path("MessagesSent").asInt(), "the replay is not a second message");
    }

    @Test
    void drain_givesWhatWasCountedSinceTheLastDrain_whileTotalsKeepEverything() {
        Metrics metrics = new Metrics();
        metrics.count(Metric.LONG_POLL_WAKEUPS);
        metrics.sent(Metric.Transport.REST, false);
        assertEquals(1, metrics.drain().count(Metric.LONG_POLL_WAKEUPS));
        assertTrue(metrics.drain().isEmpty());
        assertTrue(Emf.lines(metrics.drain(), NOW).isEmpty(), "an invocation that counted nothing writes no EMF line");
        metrics.count(Metric.LONG_POLL_WAKEUPS);
        Metrics.Snapshot totals = metrics.totals();
        assertEquals(2, totals.count(Metric.LONG_POLL_WAKEUPS));
        assertEquals(1, totals.sent(Metric.Transport.REST));
        assertEquals(1, totals.count(Metric.MESSAGES_SENT));
    }

    @Test
    void lagSamples_stopAtEmfsHundredValues_butTheCountAndSumHoldEveryOne() throws Exception {
        Metrics metrics = new Metrics();
        for (int i = 0; i < 150; i++) {
            metrics.lag(2);
        }
        Metrics.Snapshot drained = metrics.drain();
        assertEquals(150, drained.count(Metric.FAN_OUT_LAG));
        assertEquals(300, drained.lagSumMillis());
        assertEquals(Metrics.MAX_LAG_SAMPLES, parse(Emf.lines(drained, NOW).get(0)).path("FanOutLag").size());
        metrics.lag(5);
        assertEquals(List.of(5L), metrics.drain().lagSamples(), "the next invocation samples afresh");
    }

    @Test
    void stdoutSink_followsTheRequestLineWithTheInvocationsEmfLines() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Metrics.process().drain();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            RequestLog.Entry entry = RequestLog.start("http", "Probe", null);
            Metrics.process().sent(Metric.Transport.MCP, false);
            entry.finish(429, "RATE_LIMITED");
        } finally {
            System.setOut(original);
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        assertEquals("Probe", Json.parse(lines[0]).path("handler").asText());
        assertEquals(1, Json.parse(lines[1]).path("RateLimited").asInt(), "a RATE_LIMITED answer is counted");
        assertEquals("mcp", Json.parse(lines[2]).path("Transport").asText());
    }
}
