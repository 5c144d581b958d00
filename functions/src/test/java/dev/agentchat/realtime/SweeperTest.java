package dev.agentchat.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.config.AppConfig;
import dev.agentchat.model.Connection;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.store.TableNames;
import dev.agentchat.support.Secrets;
import dev.agentchat.testing.LocalDynamo;
import dev.agentchat.wiring.Wiring;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweeper against DynamoDB Local: every socket handled once, and at once. The gateway holds
 * each ping until {@link #TOGETHER} are waiting, so a walk that pings one socket after another
 * finds its first ping held until the latch gives up and reports one in flight.
 */
class SweeperTest {
    private static final int TOGETHER = 4;

    private ConnectionStore connections;
    private HoldingGateway gateway;
    private Sweeper sweeper;
    private AppConfig config;
    private String room;

    @BeforeEach
    void services() {
        config = LocalDynamo.freshConfig(Map.of("JOIN_TIMEOUT_SECONDS", "5"));
        gateway = new HoldingGateway();
        Wiring wiring = new Wiring(config, LocalDynamo.client(), Clock.systemUTC(), Secrets.create(), gateway);
        connections = new ConnectionStore(LocalDynamo.client(), TableNames.from(config).connections());
        sweeper = wiring.sweeper();
        room = Secrets.create().newId("room");
    }

    @Test
    void sweep_pingsEverySocketOnce_manyAtOnce_andClosesTheOnesThatNeverJoinedOrAreGone() {
        long now = System.currentTimeMillis();
        List<String> live = IntStream.range(0, 12).mapToObj(i -> "live" + i).toList();
        live.forEach(id -> bind(id, now));
        connections.open("silent1", now - 6_000);
        connections.open("silent2", now - 60_000);
        bind("gone", now);
        gateway.recording.gone.add("gone");

        Sweeper.Report report = sweeper.sweep();

        assertEquals(12, report.pinged(), report::toString);
        assertEquals(3, report.closed(), report::toString);
        assertTrue(gateway.mostInFlight.get() >= TOGETHER,
                () -> "pings in flight at once: " + gateway.mostInFlight.get());
        for (String id : live) {
            assertEquals(List.of("{\"type\":\"ping\"}"), gateway.recording.framesTo(id), id);
            assertEquals(now, connections.find(id).orElseThrow().lastHeardMillis(), () -> id + ": a ping writes nothing");
        }
        for (String id : List.of("silent1", "silent2")) {
            assertTrue(gateway.recording.closed.contains(id), id);
            assertTrue(connections.find(id).isEmpty(), id + " is forgotten");
        }
        assertTrue(connections.find("gone").isEmpty(), "a gone socket is forgotten");
    }

    @Test
    void sweep_closesAJoinedSocketUnheardForTheAllowedPingsAndHalfAnInterval_andPingsOneJustInside() {
        // MISSED_PONGS_ALLOWED 2, SWEEP_INTERVAL_SECONDS 60 (the defaults): silence allowed 150 s.
        IntStream.range(1, TOGETHER).forEach(i -> gateway.together.countDown()); // one ping need not wait
        long now = System.currentTimeMillis();
        bind("deaf", now - 151_000);
        bind("slow", now - 149_000);

        Sweeper.Report report = sweeper.sweep();

        assertEquals(new Sweeper.Report(1, 1, 0, 0), report);
        assertTrue(gateway.recording.framesTo("deaf").get(0).contains("\"TIMEOUT\""), gateway.recording.sent::toString);
        assertTrue(gateway.recording.closed.contains("deaf"));
        assertTrue(connections.find("deaf").isEmpty(), "the deaf socket is forgotten");
        assertEquals(List.of("{\"type\":\"ping\"}"), gateway.recording.framesTo("slow"));
        assertTrue(connections.find("slow").isPresent());
    }

    @Test
    void sweep_ofNothing_reportsNothing() {
        assertEquals(new Sweeper.Report(0, 0, 0, 0), sweeper.sweep());
    }

    private void bind(String id, long now) {
        connections.open(id, now);
        connections.bind(id, room, Connection.WATCHER, null, null, now);
    }

    /** Records like {@link RecordingGateway}; a ping waits (up to 5 s) until {@link #TOGETHER} are waiting. */
    private static final class HoldingGateway implements ConnectionGateway {
        final RecordingGateway recording = new RecordingGateway();
        final CountDownLatch together = new CountDownLatch(TOGETHER);
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();

        @Override
        public void send(String connectionId, String frame) {
            if (!frame.contains("\"ping\"")) {
                recording.send(connectionId, frame);
                return;
            }
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.countDown();
                together.await(5, TimeUnit.SECONDS);
                recording.send(connectionId, frame);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void close(String connectionId) {
            recording.close(connectionId);
        }
    }
}
