package dev.agentchat.realtime;

import dev.agentchat.model.Connection;
import dev.agentchat.model.EventType;
import dev.agentchat.model.LeaveReason;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.store.ConnectionStore;
import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
import dev.agentchat.support.RequestLog;
import dev.agentchat.support.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes new room events to the room's connections: in order for each connection, in parallel
 * across connections. A connection that fails never holds up the others; what could not be
 * delivered is reported so the batch is retried (clients drop repeats by {@code seq}).
 */
public final class FanOut {
    private static final Logger LOG = LoggerFactory.getLogger(FanOut.class);

    /** One stream record to deliver: its id in the batch and the event it carries. */
    public record Delivery(String recordId, RoomEvent event) {
    }

    private final ConnectionStore connections;
    private final RealtimeService realtime;
    private final ConnectionGateway gateway;
    private final ExecutorService pool;
    private final PushFrames frames;

    public FanOut(ConnectionStore connections, RealtimeService realtime, ConnectionGateway gateway,
                  ExecutorService pool, PushFrames frames) {
        this.connections = connections;
        this.realtime = realtime;
        this.gateway = gateway;
        this.pool = pool;
        this.frames = frames;
    }

    /** Delivers the batch; returns the ids of the records that some connection did not get. */
    public Set<String> deliver(List<Delivery> deliveries) {
        Map<String, List<Delivery>> byRoom = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            byRoom.computeIfAbsent(delivery.event().roomId(), r -> new ArrayList<>()).add(delivery);
        }
        Set<String> failed = ConcurrentHashMap.newKeySet();
        List<Future<?>> sending = new ArrayList<>();
        for (Map.Entry<String, List<Delivery>> room : byRoom.entrySet()) {
            List<Connection> audience;
            try {
                audience = connections.listByRoom(room.getKey());
            } catch (RuntimeException e) {
                LOG.error("could not list connections of room {}", room.getKey(), e);
                room.getValue().forEach(d -> failed.add(d.recordId()));
                continue;
            }
            // Every connection of the room gets the same frames: serialise each event once.
            List<String> frames = room.getValue().stream().map(d -> this.frames.event(d.event())).toList();
            long[] createdMillis = room.getValue().stream().mapToLong(d -> createdMillis(d.event())).toArray();
            for (Connection connection : audience) {
                // Within the batch's request: a failed push logs with the invocation's id.
                sending.add(pool.submit(RequestLog.within(() -> {
                    sendInOrder(connection, room.getValue(), frames, createdMillis, failed);
                    return null;
                })));
            }
        }
        for (Future<?> future : sending) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deliveries.forEach(d -> failed.add(d.recordId()));
            } catch (ExecutionException e) {
                LOG.error("fan-out task failed", e.getCause());
                deliveries.forEach(d -> failed.add(d.recordId()));
            }
        }
        return failed;
    }

    private void sendInOrder(Connection connection, List<Delivery> events, List<String> frames, long[] createdMillis,
                             Set<String> failed) {
        Metrics metrics = Metrics.process();
        for (int i = 0; i < events.size(); i++) {
            RoomEvent event = events.get(i).event();
            if (isOwn(connection, event)) {
                continue;
            }
            try {
                gateway.send(connection.id(), frames.get(i));
                metrics.count(Metric.DELIVERIES);
                if (createdMillis[i] > 0) {
                    metrics.lag(System.currentTimeMillis() - createdMillis[i]);
                }
            } catch (ConnectionGateway.ConnectionGone gone) {
                metrics.count(Metric.PUSH_GONE);
                realtime.forget(connection, LeaveReason.LEFT);
                return;
            } catch (RuntimeException e) {
                metrics.count(Metric.PUSH_FAILURES);
                // Later events to this connection would overtake this one: retry them all.
                LOG.warn("delivery of seq {} to {} failed", event.seq(), connection.id(), e);
                for (int j = i; j < events.size(); j++) {
                    failed.add(events.get(j).recordId());
                }
                return;
            }
        }
    }

    /** When the event was stored (its timestamp), for the fan-out's lag; 0 if it cannot be read. */
    private static long createdMillis(RoomEvent event) {
        try {
            return Timestamps.parseOwn(event.timestamp());
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    /**
     * An agent's own messages and joins are not echoed to it (its ack or joined frame is its copy).
     * A watching human gets everything, their own messages too: they may post from another tab or
     * over REST, and a socket's ack and its copy share a seq, so the page drops the repeat.
     */
    private static boolean isOwn(Connection connection, RoomEvent event) {
        return connection.isAgent() && event.type() != EventType.SYSTEM && event.agentId() != null
                && event.agentId().equals(connection.agentId());
    }
}
