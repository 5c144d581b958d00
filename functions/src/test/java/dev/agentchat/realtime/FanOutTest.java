package dev.agentchat.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.model.Connection;
import dev.agentchat.model.EventType;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.SenderKind;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.TableNames;
import dev.agentchat.support.Json;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import dev.agentchat.wiring.Wiring;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FanOutTest {
    private RecordingGateway gateway;
    private ConnectionStore connections;
    private FanOut fanOut;
    private String room;

    @BeforeEach
    void services() {
        AppConfig config = LocalDynamo.freshConfig(Map.of());
        gateway = new RecordingGateway();
        Wiring wiring = new Wiring(config, LocalDynamo.client(), Clock.systemUTC(), Secrets.create(), gateway);
        connections = new ConnectionStore(LocalDynamo.client(), TableNames.from(config).connections());
        fanOut = wiring.fanOut();
        room = Secrets.create().newId("room");
    }

    @Test
    void deliver_sendsEachConnectionEveryEventInOrder_butNotTheAgentsOwn() {
        connect("c1", "agt_a");
        connect("c2", "agt_b");
        connect("w1", null);

        Set<String> failed = fanOut.deliver(List.of(delivery(1, "agt_a"), delivery(2, "agt_b"), delivery(3, "agt_a")));

        assertEquals(Set.of(), failed);
        assertEquals(List.of(2L), seqs("c1"));
        assertEquals(List.of(1L, 3L), seqs("c2"));
        assertEquals(List.of(1L, 2L, 3L), seqs("w1"));
    }

    @Test
    void deliver_whenAConnectionIsGone_forgetsItAndStillServesTheOthers() {
        connect("c1", "agt_a");
        connect("dead", "agt_b");
        connect("w1", null);
        gateway.gone.add("dead");

        Set<String> failed = fanOut.deliver(List.of(delivery(1, "agt_x"), delivery(2, "agt_x")));

        assertEquals(Set.of(), failed, "a gone socket is not a delivery failure");
        assertEquals(List.of(1L, 2L), seqs("c1"));
        assertEquals(List.of(1L, 2L), seqs("w1"));
        assertTrue(connections.find("dead").isEmpty(), "the gone connection is deleted");
    }

    @Test
    void deliver_whenOneConnectionFails_reportsFromTheFailedRecordOn_andOthersGetEverything() {
        connect("c1", "agt_a");
        connect("flaky", "agt_b");
        gateway.failing.add("flaky");

        Set<String> failed = fanOut.deliver(List.of(delivery(1, "agt_x"), delivery(2, "agt_x"), delivery(3, "agt_x")));

        assertEquals(Set.of("r1", "r2", "r3"), failed);
        assertEquals(List.of(1L, 2L, 3L), seqs("c1"));
        assertTrue(connections.find("flaky").isPresent(), "a failing (not gone) socket is kept for the retry");

        gateway.failing.clear();
        assertEquals(Set.of(), fanOut.deliver(List.of(delivery(1, "agt_x"), delivery(2, "agt_x"), delivery(3, "agt_x"))));
        assertEquals(List.of(1L, 2L, 3L), seqs("flaky"));
        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), seqs("c1"), "a retry repeats; clients drop repeats by seq");
    }

    @Test
    void deliver_framesEachEventTypeWithItsSeq() {
        connect("w1", null);
        fanOut.deliver(List.of(
                new FanOut.Delivery("r1", event(1, EventType.JOIN, "agt_a", null)),
                new FanOut.Delivery("r2", event(2, EventType.LEAVE, "agt_a", "timeout")),
                new FanOut.Delivery("r3", event(3, EventType.SYSTEM, null, null))));
        List<String> frames = gateway.framesTo("w1");
        assertTrue(frames.get(0).contains("\"type\":\"agent_joined\""), frames.get(0));
        assertTrue(frames.get(1).contains("\"type\":\"agent_left\"") && frames.get(1).contains("\"reason\":\"timeout\""),
                frames.get(1));
        assertTrue(frames.get(2).contains("\"type\":\"system\""), frames.get(2));
        assertEquals(List.of(1L, 2L, 3L), seqs("w1"));
    }

    private void connect(String id, String agentId) {
        connections.open(id, System.currentTimeMillis());
        connections.bind(id, room, agentId == null ? Connection.WATCHER : Connection.AGENT,
                agentId == null ? null : "hash-" + agentId, agentId, System.currentTimeMillis());
    }

    private FanOut.Delivery delivery(long seq, String agentId) {
        return new FanOut.Delivery("r" + seq, event(seq, EventType.MESSAGE, agentId, null));
    }

    private RoomEvent event(long seq, EventType type, String agentId, String reason) {
        return new RoomEvent("msg_" + seq, room, seq, agentId, "Name", type == EventType.MESSAGE ? SenderKind.AGENT
                : SenderKind.SYSTEM, "content " + seq, "2025-06-15T10:30:00.00" + seq + "Z", type, reason,
                List.of());
    }

    private List<Long> seqs(String connectionId) {
        return gateway.framesTo(connectionId).stream().map(frame -> {
            try {
                return Json.parse(frame).get("seq").asLong();
            } catch (Exception e) {
                throw new AssertionError(frame, e);
            }
        }).toList();
    }
}
