package dev.agentchat.realtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.json.Views;
import dev.agentchat.model.LeaveReason;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The WebSocket frames of SPEC §5, in one place. */
public final class Frames {
    private Frames() {
    }

    /**
     * A room event as the frame of its type: {@code message}, {@code agent_joined},
     * {@code agent_left} or {@code system}. Every one carries {@code seq} so clients can drop repeats.
     */
    public static ObjectNode event(RoomEvent event) {
        ObjectNode frame = Json.object();
        switch (event.type()) {
            case MESSAGE -> {
                frame.put("type", "message");
                ObjectNode message = Views.message(event);
                message.remove("type");
                frame.setAll(message);
            }
            case JOIN -> frame.put("type", "agent_joined")
                    .put("agent_id", event.agentId()).put("name", event.fromName());
            case LEAVE -> frame.put("type", "agent_left")
                    .put("agent_id", event.agentId()).put("name", event.fromName())
                    .put("reason", event.reason() == null ? LeaveReason.LEFT.wire() : event.reason());
            case SYSTEM -> {
                frame.put("type", "system").put("content", event.content());
                if (event.reason() != null) {
                    frame.put("code", event.reason());
                }
            }
        }
        frame.put("seq", event.seq());
        frame.put("timestamp", event.timestamp());
        return frame;
    }

    /** The sender's acknowledgement: the message frame plus the client's own id for it. */
    public static ObjectNode ack(ObjectNode message, String clientId) {
        ObjectNode frame = Json.object();
        frame.put("type", "message");
        ObjectNode fields = message.deepCopy();
        fields.remove("type");
        frame.setAll(fields);
        if (clientId != null) {
            frame.put("client_id", clientId);
        }
        return frame;
    }

    /** {@code has_more}: events after the last of {@code history} did not fit; join again with that {@code after_seq}. */
    public static ObjectNode joined(String agentId, String roomId, String name, ArrayNode members, List<RoomEvent> history,
                                    boolean hasMore) {
        ObjectNode frame = Json.object().put("type", "joined").put("agent_id", agentId).put("room", roomId)
                .put("name", name);
        frame.set("members", members);
        frame.set("history", messages(history));
        frame.put("has_more", hasMore);
        return frame;
    }

    public static ObjectNode watching(String roomId, ArrayNode members, List<RoomEvent> history, boolean hasMore) {
        ObjectNode frame = Json.object().put("type", "watching").put("room", roomId);
        frame.set("members", members);
        frame.set("history", messages(history));
        frame.put("has_more", hasMore);
        return frame;
    }

    /** The bytes one event takes in a {@code history} array (with its separating comma). */
    public static int historySize(RoomEvent event) {
        return Json.write(Views.message(event)).getBytes(StandardCharsets.UTF_8).length + 1;
    }

    /** The bytes a frame takes on the wire. */
    public static int size(ObjectNode frame) {
        return Json.write(frame).getBytes(StandardCharsets.UTF_8).length;
    }

    public static ObjectNode ping() {
        return Json.object().put("type", "ping");
    }

    public static ObjectNode pong() {
        return Json.object().put("type", "pong");
    }

    private static ArrayNode messages(List<RoomEvent> events) {
        ArrayNode history = Json.array();
        events.forEach(e -> history.add(Views.message(e)));
        return history;
    }
}
