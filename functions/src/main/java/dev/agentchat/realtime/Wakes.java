package dev.agentchat.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentchat.json.Views;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Member;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.Webhook;
import dev.agentchat.store.MemberStore;
import dev.agentchat.support.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who is woken by new room events (SPEC §13): every agent of the room with an active
 * webhook and no live WebSocket gets one job with the events it did not write itself (or, for
 * {@code mentions}, the messages mentioning it). One query of the room's keys per room and
 * batch finds them; the jobs go to the {@link WakeQueue}.
 */
public final class Wakes {
    private static final Logger LOG = LoggerFactory.getLogger(Wakes.class);
    /** Events per job at most: keeps a job far below SQS's 256 KB message limit (4 KB of content each). */
    static final int MAX_EVENTS_PER_JOB = 40;

    private final MemberStore members;
    private final WakeQueue queue;

    public Wakes(MemberStore members, WakeQueue queue) {
        this.members = members;
        this.queue = queue;
    }

    /** Enqueues the wake jobs for a batch of new events; returns the ids of the events that could not be handled. */
    public Set<String> enqueue(List<FanOut.Delivery> deliveries) {
        Map<String, List<FanOut.Delivery>> byRoom = new LinkedHashMap<>();
        deliveries.forEach(d -> byRoom.computeIfAbsent(d.event().roomId(), r -> new ArrayList<>()).add(d));
        Set<String> failed = ConcurrentHashMap.newKeySet();
        for (Map.Entry<String, List<FanOut.Delivery>> room : byRoom.entrySet()) {
            try {
                List<String> jobs = new ArrayList<>();
                for (Member member : members.listByRoom(room.getKey())) {
                    if (!wakeable(member)) {
                        continue;
                    }
                    List<JsonNode> events = new ArrayList<>();
                    for (FanOut.Delivery delivery : room.getValue()) {
                        if (wakes(member, delivery.event())) {
                            events.add(Views.message(delivery.event()));
                        }
                    }
                    for (int from = 0; from < events.size(); from += MAX_EVENTS_PER_JOB) {
                        jobs.add(new WakeJob(member.keyHash(), room.getKey(),
                                events.subList(from, Math.min(events.size(), from + MAX_EVENTS_PER_JOB))).toJson());
                    }
                }
                // One request for the room's agents where the queue can (SQS: SendMessageBatch).
                queue.sendAll(jobs);
            } catch (RuntimeException e) {
                LOG.error("could not enqueue wake-ups for room {}", room.getKey(), e);
                room.getValue().forEach(d -> failed.add(d.recordId()));
            }
        }
        return failed;
    }

    /** A claimed, usable agent with an active webhook and no live socket (a socket gets the event pushed). */
    static boolean wakeable(Member member) {
        return member.claimed() && !member.revoked() && member.connectionId() == null
                && member.webhook() != null && member.webhook().active();
    }

    /**
     * Whether this event wakes this agent: newer than its webhook, not its own doing, and a mention
     * if that is all it wants.
     */
    static boolean wakes(Member member, RoomEvent event) {
        boolean own = event.type() != EventType.SYSTEM && member.agentId().equals(event.agentId());
        if (own || Timestamps.parseMillis(event.timestamp()) < member.webhook().setAtMillis()) {
            return false;
        }
        return member.webhook().events() == Webhook.WakeEvents.ALL || mentions(event, member);
    }

    /**
     * Whether a message mentions the agent: its {@code mentions}, parsed once at write time
     * against the room's names then (as {@code mentions=me} and MCP's {@code mentions_only} read it).
     */
    static boolean mentions(RoomEvent event, Member member) {
        return event.type() == EventType.MESSAGE && event.mentions().contains(member.agentId());
    }
}
