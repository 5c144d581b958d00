package dev.agentchat.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.support.Json;
import java.util.List;

/** The bodies of webhook deliveries (SPEC §13). */
public final class WakePayloads {
    private WakePayloads() {
    }

    /**
     * New room events for one agent (message objects, oldest first): one as {@code event}, several
     * (a coalesced burst) as {@code events}; {@code next_seq} is the cursor to read on from
     * ({@code after_seq}).
     */
    public static String events(String roomId, List<JsonNode> events) {
        ObjectNode body = Json.object();
        body.put("type", "room.event");
        body.put("room", roomId);
        if (events.size() == 1) {
            body.set("event", events.get(0));
        } else {
            ArrayNode all = body.putArray("events");
            events.forEach(all::add);
        }
        body.put("next_seq", events.get(events.size() - 1).path("seq").asLong());
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
