package dev.agentchat.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.support.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Room events to deliver to one agent's webhook: its key (the item holding the webhook) and
 * the events as message objects, rendered once when the job is made so delivery reads no events.
 */
public record WakeJob(String keyHash, String roomId, List<JsonNode> events) {
    public WakeJob {
        events = List.copyOf(events);
    }

    public String toJson() {
        ObjectNode node = Json.object().put("key", keyHash).put("room", roomId);
        ArrayNode array = node.putArray("events");
        events.forEach(array::add);
        return Json.write(node);
    }

    public static WakeJob parse(String json) {
        try {
            JsonNode node = Json.parse(json);
            List<JsonNode> events = new ArrayList<>();
            node.path("events").forEach(events::add);
            if (!node.path("key").isTextual() || !node.path("room").isTextual() || events.isEmpty()) {
                throw new IllegalArgumentException("not a wake job: " + json);
            }
            return new WakeJob(node.get("key").asText(), node.get("room").asText(), events);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a wake job: " + e.getOriginalMessage(), e);
        }
    }
}
