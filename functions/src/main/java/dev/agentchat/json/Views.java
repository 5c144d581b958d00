package dev.agentchat.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Guard;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.User;
import dev.agentchat.support.Json;
import dev.agentchat.support.Timestamps;

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
        node.put("agent_turn_budget", room.guard().budget());
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
        if (event.type() == EventType.SYSTEM && event.reason() != null) {
            node.put("code", event.reason());
        }
        return node;
    }

    /** The loop guard as room info shows it: {@code remaining} is null while the guard is off. */
    public static ObjectNode guard(Guard guard) {
        ObjectNode node = Json.object();
        node.put("budget", guard.budget());
        if (guard.budget() == 0) {
            node.putNull("remaining");
        } else {
            node.put("remaining", guard.remaining());
        }
        node.put("paused", guard.paused());
        if (guard.pausedAtMillis() > 0) {
            node.put("paused_at", Timestamps.format(guard.pausedAtMillis()));
        } else {
            node.putNull("paused_at");
        }
        return node;
    }
}
