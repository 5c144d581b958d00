package dev.agentchat.standalone.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.model.Connection;
import dev.agentchat.standalone.AgentChatServer;
import dev.agentchat.standalone.ManagementFaults;
import dev.agentchat.standalone.ManagementFaults.Fault;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Management API failing for some connections while the room goes on (SPEC §7): real
 * sockets, the real SDK client, the stream poller's retries. The emulator answers 500, 429 or
 * 410 for chosen connection ids ({@link ManagementFaults}); the SDK retries each call a few
 * times, then the failed stream records are retried, re-sent to every connection of the room,
 * so clients drop repeats by {@code seq}.
 */
@RunningServer(env = {
        // No sweeps: its pings would also meet the 410 and delete the connection, and the test
        // must see the fan-out do it.
        "SWEEP_INTERVAL_SECONDS=3600"})
class ManagementApiFaultsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    private static AgentChatServer server;
    @Inject
    private static Api api;

    @AfterEach
    void noFaults() {
        server.managementFaults().clear();
    }

    @Test
    void someConnectionsFail_healthyOnesGetEverythingInOrder_goneIsDeleted_flakyOnesCatchUpOnRetry() {
        Room room = newRoom("faults");
        try (WsClient watcher = WsClient.open(server, "watcher");
             WsClient healthy = WsClient.open(server, "healthy");
             WsClient flaky500 = WsClient.open(server, "flaky-500");
             WsClient flaky429 = WsClient.open(server, "flaky-429");
             WsClient gone = WsClient.open(server, "gone-410")) {
            Map<String, String> agentIds = joinAll(room, healthy, flaky500, flaky429, gone);
            watcher.watchAndAwait(room.id, room.ownerToken, null);
            long start = lastSeq(room);
            Map<String, String> ids = connectionIds(room.id, agentIds);

            ManagementFaults faults = server.managementFaults();
            // More failures than the SDK's attempts for one call: the stream batch must be retried.
            faults.fail(ids.get("flaky-500"), Fault.INTERNAL_ERROR, 5);
            faults.fail(ids.get("flaky-429"), Fault.THROTTLED, 5);
            faults.failAlways(ids.get("gone-410"), Fault.GONE);

            int count = 8;
            for (int i = 0; i < count; i++) {
                api.send(room.id, room.senderKey, "fault message " + i);
            }
            // The gone agent's leave is a room event too: it lands somewhere among the messages.
            String goneAgent = agentIds.get("gone-410");
            watcher.awaitFrame(WsClient.leftBy(goneAgent), WAIT);
            JsonNode barrier = api.send(room.id, room.senderKey, "barrier");
            long last = barrier.path("seq").asLong();
            List<Long> everySeq = Api.range(start + 1, last);
            assertEquals(start + count + 2, last, "8 messages, the leave, the barrier");

            for (WsClient client : List.of(watcher, healthy, flaky500, flaky429)) {
                client.awaitFrame(WsClient.messageWithId(barrier.path("id").asText()), WAIT);
                assertEquals(everySeq, dedupBySeq(client, start), client + ": every event once after dropping repeats");
                assertNeverSkipsAhead(client, start);
            }
            assertEquals(5, faults.injected(ids.get("flaky-500")), "every injected 500 was met");
            assertEquals(5, faults.injected(ids.get("flaky-429")), "every injected 429 was met");

            // 410: the connection is deleted (and the agent's leave announced), the socket is left alone.
            assertTrue(server.connections().find(ids.get("gone-410")).isEmpty(), "the gone connection was deleted");
            for (String other : List.of("healthy", "flaky-500", "flaky-429")) {
                assertTrue(server.connections().find(ids.get(other)).isPresent(), other + " is still a connection");
            }
            JsonNode info = api.roomInfo(room.id, room.ownerToken).json();
            for (JsonNode agent : info.path("agents")) {
                String status = agent.path("status").asText();
                if (goneAgent.equals(agent.path("agent_id").asText())) {
                    assertNotEquals("connected", status, info::toString);
                } else if (agentIds.containsValue(agent.path("agent_id").asText())) {
                    assertEquals("connected", status, info::toString);
                }
            }
            assertEquals(1, faults.injected(ids.get("gone-410")), "a deleted connection is not pushed to again");
        }
    }

    @Test
    void streamRetryAfterPartialFailure_healthyConnectionsGetEachMessageAtMostTwice_seqDropsRepeats() {
        Room room = newRoom("retry");
        try (WsClient watcher = WsClient.open(server, "watcher");
             WsClient healthy = WsClient.open(server, "healthy");
             WsClient flaky = WsClient.open(server, "flaky")) {
            Map<String, String> agentIds = joinAll(room, healthy, flaky);
            watcher.watchAndAwait(room.id, room.ownerToken, null);
            long start = lastSeq(room);
            String flakyId = connectionIds(room.id, agentIds).get("flaky");

            // 4 failures: at least one call's SDK attempts (3 standard, 4 legacy), fewer than two
            // calls' worth, so the first stream attempt fails for this connection and the retry succeeds.
            server.managementFaults().fail(flakyId, Fault.INTERNAL_ERROR, 4);
            int count = 5;
            List<String> messageIds = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                messageIds.add(api.send(room.id, room.senderKey, "retry message " + i).path("id").asText());
            }
            JsonNode barrier = api.send(room.id, room.senderKey, "barrier");
            List<Long> everySeq = Api.range(start + 1, start + count + 1);
            assertEquals(start + count + 1, barrier.path("seq").asLong());

            for (WsClient client : List.of(watcher, healthy, flaky)) {
                client.awaitFrame(WsClient.messageWithId(barrier.path("id").asText()), WAIT);
                assertEquals(everySeq, dedupBySeq(client, start), client + ": a client that drops repeats by seq");
                assertNeverSkipsAhead(client, start);
            }
            assertEquals(4, server.managementFaults().injected(flakyId));
            for (WsClient client : List.of(watcher, healthy)) {
                Map<Long, Integer> copies = copiesBySeq(client, start);
                copies.forEach((seq, n) -> assertTrue(n <= 2, () -> client + " got seq " + seq + " " + n + " times"));
                // The first message's record failed for the flaky connection: the retry re-sent it to all.
                assertEquals(2, copies.get(start + 1), () -> client + ": the retried record arrives twice " + copies);
            }
        }
    }

    @Test
    void connectionFailingBeyondTheRetryBudget_neverBlocksTheOthers_andIsReachedAgainOnceItRecovers() {
        Room room = newRoom("persistent");
        try (WsClient watcher = WsClient.open(server, "watcher");
             WsClient healthy = WsClient.open(server, "healthy");
             WsClient broken = WsClient.open(server, "broken")) {
            Map<String, String> agentIds = joinAll(room, healthy, broken);
            watcher.watchAndAwait(room.id, room.ownerToken, null);
            long start = lastSeq(room);
            String brokenId = connectionIds(room.id, agentIds).get("broken");

            server.managementFaults().failAlways(brokenId, Fault.INTERNAL_ERROR);
            int count = 3;
            for (int i = 0; i < count; i++) {
                api.send(room.id, room.senderKey, "while broken " + i);
            }
            JsonNode lastWhileBroken = api.send(room.id, room.senderKey, "last while broken");
            List<Long> everySeq = Api.range(start + 1, start + count + 1);
            for (WsClient client : List.of(watcher, healthy)) {
                client.awaitFrame(WsClient.messageWithId(lastWhileBroken.path("id").asText()), WAIT);
            }
            // The poller gives up on a record after its retries: wait until the broken connection is
            // no longer being tried (its fault count stops moving), then let it recover.
            awaitSteady(() -> server.managementFaults().injected(brokenId));
            server.managementFaults().clear();
            JsonNode after = api.send(room.id, room.senderKey, "after recovery");
            broken.awaitFrame(WsClient.messageWithId(after.path("id").asText()), WAIT);
            for (WsClient client : List.of(watcher, healthy)) {
                client.awaitFrame(WsClient.messageWithId(after.path("id").asText()), WAIT);
                List<Long> withAfter = new ArrayList<>(everySeq);
                withAfter.add(after.path("seq").asLong());
                assertEquals(withAfter, dedupBySeq(client, start), client + ": everything despite the broken one");
                assertNeverSkipsAhead(client, start);
                // Lambda's retries bound the repeats: the first try plus at most 3 retries (StreamPoller).
                copiesBySeq(client, start).forEach((seq, n) ->
                        assertTrue(n <= 4, () -> client + " got seq " + seq + " " + n + " times"));
            }
            // What failed beyond the budget is lost for that connection (on AWS: the on-failure
            // destination); the connection itself stays, and gets what comes after.
            assertEquals(List.of(after.path("seq").asLong()), dedupBySeq(broken, start), "broken got only the later message");
            assertTrue(server.connections().find(brokenId).isPresent(), "a 500 does not delete the connection");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Waits until the value has not changed for two seconds. */
    private static void awaitSteady(java.util.function.IntSupplier value) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int last = value.getAsInt();
        long stableSince = System.nanoTime();
        while (System.nanoTime() - stableSince < Duration.ofSeconds(2).toNanos()) {
            assertTrue(System.nanoTime() < deadline, "still changing after " + WAIT);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            int now = value.getAsInt();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
    }

    private record Room(String id, String ownerToken, String senderKey) {
    }

    /** A room with a REST sender (so every socket in the test is a receiver). */
    private static Room newRoom(String tag) {
        Api.Human owner = api.newHuman(tag);
        String roomId = api.createRoom(owner.token(), tag).id();
        String senderKey = api.invite(roomId, owner.token(), "Sender");
        api.claim(roomId, senderKey);
        return new Room(roomId, owner.token(), senderKey);
    }

    private static long lastSeq(Room room) {
        List<JsonNode> events = api.readAll(room.id, room.senderKey);
        return events.get(events.size() - 1).path("seq").asLong();
    }

    /** Socket label → connection id, from the connections table. */
    private static Map<String, String> connectionIds(String roomId, Map<String, String> agentIdsByLabel) {
        Map<String, String> ids = new HashMap<>();
        for (Connection connection : server.connections().listByRoom(roomId)) {
            agentIdsByLabel.forEach((label, agentId) -> {
                if (agentId.equals(connection.agentId())) {
                    ids.put(label, connection.id());
                }
            });
        }
        assertEquals(agentIdsByLabel.keySet(), ids.keySet(), () -> "connections of " + roomId + ": " + ids);
        return ids;
    }

    /** Room-event frames after {@code start}, in arrival order. */
    private static List<Long> arrivedSeqs(WsClient client, long start) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode frame : client.received()) {
            if (frame.has("seq") && frame.path("seq").asLong() > start && !frame.has("history")) {
                seqs.add(frame.path("seq").asLong());
            }
        }
        return seqs;
    }

    /** What a client that drops any frame whose seq it has already seen keeps. */
    private static List<Long> dedupBySeq(WsClient client, long start) {
        List<Long> kept = new ArrayList<>();
        long lastSeen = start;
        for (long seq : arrivedSeqs(client, start)) {
            if (seq > lastSeen) {
                kept.add(seq);
                lastSeen = seq;
            }
        }
        return kept;
    }

    /** Repeats are allowed, gaps are not: every new seq is exactly one past the highest seen. */
    private static void assertNeverSkipsAhead(WsClient client, long start) {
        long highest = start;
        List<Long> seqs = arrivedSeqs(client, start);
        for (long seq : seqs) {
            assertTrue(seq <= highest + 1, () -> client + " skipped ahead: " + seqs);
            highest = Math.max(highest, seq);
        }
    }

    private static Map<Long, Integer> copiesBySeq(WsClient client, long start) {
        Map<Long, Integer> copies = new HashMap<>();
        arrivedSeqs(client, start).forEach(seq -> copies.merge(seq, 1, Integer::sum));
        return copies;
    }

    /** Invites each client into the room and joins it; returns agent ids by client label. */
    private static Map<String, String> joinAll(Room room, WsClient... agents) {
        Map<String, String> agentIds = new HashMap<>();
        for (WsClient agent : agents) {
            String key = api.invite(room.id, room.ownerToken, agent.toString());
            agentIds.put(agent.toString(), agent.joinAndAwait(room.id, key, null, null).path("agent_id").asText());
        }
        return agentIds;
    }
}
