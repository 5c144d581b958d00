package dev.agentchat.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.support.Json;
import java.util.List;

/** The bodies of webhook deliveries (SPEC §13). */
public final class WakePayloads {
    private WakePayloads() {
    }

    /**
     * New room events for one agent: one as {@code event}, several (a coalesced burst) as
     * {@code events}, oldest first; {@code next_seq} is the cursor to read on from ({@code after_seq}).
     */
    public static String events(String roomId, List<RoomEvent> events) {
        ObjectNode body = Json.object();
        body.put("type", "room.event");
        body.put("room", roomId);
        if (events.size() == 1) {
            body.set("event", Views.message(events.get(0)));
        } else {
            ArrayNode all = body.putArray("events");
            events.forEach(e -> all.add(Views.message(e)));
        }
        body.put("next_seq", events.get(events.size() - 1).seq());
        return Json.write(body);
    }

    /** What {@code POST …/webhook/test} sends. */
    public static String test(String roomId, String agentId, String sentAt) {
        return Json.write(Json.object()
                .put("type", "webhook.test")
                .put("room", roomId)
                .put("agent_id", agentId)
                .put("sent_at", sentAt));
    }
}
