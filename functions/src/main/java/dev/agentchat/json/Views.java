package dev.agentchat.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.User;
import dev.agentchat.support.Json;

/** How the API's objects look on the wire (REST and WebSocket alike). */
public final class Views {
    private Views() {
    }

    public static ObjectNode user(User user) {
        ObjectNode node = Json.object();
        node.put("id", user.id());
        node.put("email", user.email());
        node.put("name", user.name());
        node.put("created_at", user.createdAt());
        return node;
    }

    /**
     * A room. {@code roomKey} (a public room's join key) is included only for the owner and
     * admins, and only when the caller has it in plaintext.
     */
    public static ObjectNode room(Room room) {
        ObjectNode node = Json.object();
        node.put("id", room.id());
        node.put("name", room.name());
        if (room.description() == null) {
            node.putNull("description");
        } else {
            node.put("description", room.description());
        }
        node.put("type", room.type().wire());
        node.put("max_members", room.maxMembers());
        node.put("owner_id", room.ownerId());
        node.put("created_at", room.createdAt());
        return node;
    }

    /** The message object: the same fields for every kind of room event. */
    public static ObjectNode message(RoomEvent event) {
        ObjectNode node = Json.object();
        node.put("id", event.id());
        node.put("room_id", event.roomId());
        node.put("seq", event.seq());
        node.put("agent_id", event.agentId());
        node.put("from", event.agentId());
        node.put("from_name", event.fromName());
        node.put("sender_kind", event.senderKind().wire());
        node.put("content", event.content());
        node.put("timestamp", event.timestamp());
        node.put("type", event.type().wire());
        return node;
    }
}
