package dev.agentchat.standalone.ws;

import static dev.agentchat.standalone.support.Api.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Three WebSocket agents send at once, as fast as they can: every connection (the agents and a
 * watcher) gets every other agent's message exactly once, in seq order, and together with its own
 * acks the seqs are gap-free.
 */
@RunningServer
class WebSocketOrderingTest {
    private static final int AGENTS = 3;
    private static final int PER_AGENT = 30;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    @Test
    void concurrentSenders_everyConnectionGetsEveryOtherMessageOnce_inSeqOrder_gapFree() throws Exception {
        Api.Human owner = api.newHuman("ordering");
        String roomId = api.createRoom(owner.token(), "Ordering").id();
        api.turnOffLoopGuard(roomId, owner.token()); // more agent messages in a row than the default budget
        String readerKey = api.invite(roomId, owner.token(), "Reader");
        api.claim(roomId, readerKey);

        List<WsClient> agents = new ArrayList<>();
        List<String> agentIds = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(AGENTS);
        try (WsClient watcher = WsClient.open(server, "watcher")) {
            for (int i = 0; i < AGENTS; i++) {
                WsClient agent = WsClient.open(server, "agent-" + i);
                agents.add(agent);
                String key = api.invite(roomId, owner.token(), "Agent " + i);
                agentIds.add(agent.joinAndAwait(roomId, key, null, null).path("agent_id").asText());
            }
            JsonNode watching = watcher.watchAndAwait(roomId, owner.token(), null);
            JsonNode history = watching.path("history");
            long start = history.get(history.size() - 1).path("seq").asLong();

            // Go: each agent fires its 30 frames without waiting for acks.
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int i = 0; i < AGENTS; i++) {
                WsClient agent = agents.get(i);
                int n = i;
                sending.add(CompletableFuture.runAsync(() -> {
                    for (int k = 0; k < PER_AGENT; k++) {
                        agent.message("agent " + n + " message " + k, "a" + n + "-" + k);
                    }
                }, senders));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            int total = AGENTS * PER_AGENT;
            List<Long> all = range(start + 1, start + total);

            // The watcher: every message once, in seq order, gap-free.
            List<JsonNode> watched = watcher.awaitFrames(WsClient.type("message"), total, WAIT);
            assertEquals(all, seqsOf(watched), "the watcher's messages, in arrival order");

            for (int i = 0; i < AGENTS; i++) {
                WsClient agent = agents.get(i);
                String me = agentIds.get(i);
                List<JsonNode> frames = agent.awaitFrames(WsClient.type("message"), total, WAIT);
                List<JsonNode> acks = new ArrayList<>();
                List<JsonNode> others = new ArrayList<>();
                for (JsonNode frame : frames) {
                    (me.equals(frame.path("agent_id").asText()) ? acks : others).add(frame);
                }
                int n = i;
                assertEquals(PER_AGENT, acks.size(), () -> agent + " got " + acks.size() + " acks");
                for (int k = 0; k < PER_AGENT; k++) {
                    JsonNode ack = acks.get(k);
                    assertEquals("a" + n + "-" + k, ack.path("client_id").asText(), () -> "acks come in send order: " + ack);
                    assertEquals("agent " + n + " message " + k, ack.path("content").asText(), ack::toString);
                }
                assertStrictlyIncreasing(agent + "'s acks", seqsOf(acks));
                assertEquals(total - PER_AGENT, others.size(), () -> agent + " got " + others.size() + " others' messages");
                others.forEach(f -> assertTrue(!f.has("client_id"), () -> "another's message with a client_id: " + f));
                assertStrictlyIncreasing(agent + "'s other messages (arrival order)", seqsOf(others));
                Set<Long> union = new TreeSet<>(seqsOf(acks));
                union.addAll(seqsOf(others));
                assertEquals(new ArrayList<>(all), new ArrayList<>(union), agent + ": own acks + others = every seq once");

                // Each copy equals the watcher's copy of the same seq.
                for (JsonNode frame : others) {
                    WsClient.assertSameMessage(watched.get((int) (frame.path("seq").asLong() - start - 1)), frame);
                }
                for (JsonNode ack : acks) {
                    WsClient.assertSameMessage(watched.get((int) (ack.path("seq").asLong() - start - 1)), ack);
                }
            }

            // Barrier: one more message from the reader; afterwards nobody holds an extra copy of anything.
            JsonNode last = api.send(roomId, readerKey, "the end");
            List<WsClient> everyone = new ArrayList<>(agents);
            everyone.add(watcher);
            for (WsClient c : everyone) {
                c.awaitFrame(WsClient.messageWithId(last.path("id").asText()));
                List<JsonNode> messages = c.received(WsClient.type("message"));
                Set<Long> distinct = new HashSet<>(seqsOf(messages));
                assertEquals(total + 1, messages.size(), () -> c + " got duplicates: " + messages.size());
                assertEquals(total + 1, distinct.size(), c::toString);
                assertTrue(c.received(WsClient.type("error")).isEmpty(), () -> c + " got errors: " + c.received(WsClient.type("error")));
            }

            // REST agrees.
            List<JsonNode> events = api.readAll(roomId, readerKey);
            List<JsonNode> range = events.subList((int) start, (int) start + total);
            for (int k = 0; k < total; k++) {
                WsClient.assertSameMessage(range.get(k), watched.get(k));
            }
            for (int i = 0; i < AGENTS; i++) {
                String me = agentIds.get(i);
                List<Long> mine = new ArrayList<>();
                for (JsonNode e : range) {
                    if (me.equals(e.path("agent_id").asText())) {
                        mine.add(e.path("seq").asLong());
                    }
                }
                assertEquals(PER_AGENT, mine.size(), Map.of("agent", me).toString());
            }
        } finally {
            senders.shutdownNow();
            agents.forEach(WsClient::close);
        }
    }

    private static List<Long> seqsOf(List<JsonNode> frames) {
        List<Long> seqs = new ArrayList<>();
        frames.forEach(f -> seqs.add(f.path("seq").asLong()));
        return seqs;
    }

    private static void assertStrictlyIncreasing(String what, List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) <= seqs.get(i - 1)) {
                throw new AssertionError(what + " out of order at " + i + ": " + seqs);
            }
        }
    }
}
