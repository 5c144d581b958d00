package dev.agentchat.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentchat.model.EventType;
import dev.agentchat.model.Guard;
import dev.agentchat.model.HumanInvite;
import dev.agentchat.model.Member;
import dev.agentchat.model.Reachability;
import dev.agentchat.model.Redactions;
import dev.agentchat.model.Room;
import dev.agentchat.model.RoomEvent;
import dev.agentchat.model.RoomHuman;
import dev.agentchat.model.SenderKind;
import dev.agentchat.model.User;
import dev.agentchat.support.Json;
import dev.agentchat.support.Timestamps;
import java.util.List;

/**
 * How the API's records look in JSON, the same on every transport (REST bodies, WebSocket
 * frames). Only model types come in, so everything that must write a record exactly as the
 * API shows it can use these: the transports, and the idempotency record that replays a response.
 */
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

    /** A human of a room, as the owner and moderators list them. */
    public static ObjectNode human(RoomHuman human) {
        ObjectNode node = Json.object();
        node.put("user_id", human.userId());
        node.put("name", human.name());
        node.put("role", human.role().wire());
        node.put("joined_at", human.joinedAt());
        return node;
    }

    /**
     * A human invite link waiting to be accepted, as its room's owner lists it: never its token,
     * which was shown once; {@code agent_invite} if an agent invite made it ({@code for_human}).
     */
    public static ObjectNode humanLink(HumanInvite link) {
        ObjectNode node = Json.object();
        node.put("invite_id", link.inviteId());
        node.put("role", link.role().wire());
        node.put("created_at", link.createdAt());
        node.put("expires_at", Timestamps.format(link.expiresAtMillis()));
        if (link.createdBy() == null) {
            node.putNull("created_by");
        } else {
            node.put("created_by", link.createdBy());
        }
        node.put("agent_invite", link.agentKeyHash() != null);
        return node;
    }

    /** A room as anyone allowed to see it sees it; never any key. */
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
        node.put("archived", room.archived());
        if (room.retentionDays() > 0) {
            node.put("retention_days", room.retentionDays());
        } else {
            node.putNull("retention_days");
        }
        node.put("owner_id", room.ownerId());
        node.put("created_at", room.createdAt());
        return node;
    }

    /**
     * A room with its public join key, shown only to the owner or an admin right after the key
     * was made (the plaintext exists nowhere else); without one, just the room.
     */
    public static ObjectNode room(Room room, String roomKey) {
        ObjectNode node = room(room);
        if (roomKey != null) {
            node.put("room_key", roomKey);
        }
        return node;
    }

    /** The message object: the same fields for every kind of room event (a system note may add its {@code code}). */
    public static ObjectNode message(RoomEvent event) {
        ObjectNode node = messageFields(Json.object(), event).put("type", event.type().wire());
        if (event.type() == EventType.SYSTEM) {
            systemCode(node, event);
        }
        return node;
    }

    /**
     * A system event's {@code code} (when it has one) and, for the note saying a message was
     * deleted, {@code redacted_seq}: the seq whose text is gone, so live viewers blank it.
     */
    public static ObjectNode systemCode(ObjectNode node, RoomEvent event) {
        String code = Redactions.code(event);
        if (code != null) {
            node.put("code", code);
        }
        Long redacted = Redactions.redactedSeq(event);
        if (redacted != null) {
            node.put("redacted_seq", redacted);
        }
        return node;
    }

    /** The message object as the reader with this id sees it: {@code "own":true} on what they wrote. */
    public static ObjectNode message(RoomEvent event, String readerId) {
        ObjectNode node = message(event);
        if (event.writtenBy(readerId)) {
            node.put("own", true);
        }
        return node;
    }

    public static ArrayNode messages(List<RoomEvent> events) {
        return messages(events, null);
    }

    /** The events as the reader with this id (or null: nobody in particular) sees them. */
    public static ArrayNode messages(List<RoomEvent> events, String readerId) {
        ArrayNode array = Json.array();
        events.forEach(e -> array.add(message(e, readerId)));
        return array;
    }

    /**
     * Reads back a message object written by {@link #message}: the idempotency record keeps a
     * sent message that way, so that a replay answers exactly what the first request did.
     */
    public static RoomEvent parseMessage(String json) {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored message is the JSON we wrote", e);
        }
        return new RoomEvent(text(node, "id"), text(node, "room_id"), node.path("seq").asLong(),
                text(node, "agent_id"), text(node, "from_name"), SenderKind.fromWire(text(node, "sender_kind")),
                text(node, "content"), text(node, "timestamp"), EventType.fromWire(text(node, "type")),
                node.path("redacted").asBoolean(false) ? Redactions.REDACTED : text(node, "code"),
                strings(node.path("mentions")));
    }

    /**
     * Puts the message object's fields but its {@code type} into {@code node}, in the order the
     * message object has them: for frames that carry a message under a type of their own.
     */
    public static ObjectNode messageFields(ObjectNode node, RoomEvent event) {
        node.put("id", event.id());
        node.put("room_id", event.roomId());
        node.put("seq", event.seq());
        // A human's message has no agent: its sender is the user, in from.
        node.put("agent_id", event.senderKind() == SenderKind.HUMAN ? null : event.agentId());
        node.put("from", event.agentId());
        node.put("from_name", event.fromName());
        node.put("sender_kind", event.senderKind().wire());
        node.put("content", event.content());
        ArrayNode mentions = node.putArray("mentions");
        event.mentions().forEach(mentions::add);
        node.put("timestamp", event.timestamp());
        if (Redactions.isRedacted(event)) {
            // Its text is gone from storage; the message keeps its place so seq stays gap-free.
            node.put("redacted", true);
        }
        return node;
    }

    /** A page of a room's messages with the cursors to read on from, as a read answers it. */
    public static ObjectNode page(List<RoomEvent> messages, boolean hasMore, String nextSince, long nextSeq) {
        return page(messages, hasMore, nextSince, nextSeq, null);
    }

    /** A page as the reader with this id sees it (see {@link #message(RoomEvent, String)}). */
    public static ObjectNode page(List<RoomEvent> messages, boolean hasMore, String nextSince, long nextSeq,
                                  String readerId) {
        ObjectNode body = Json.object();
        body.set("messages", messages(messages, readerId));
        body.put("has_more", hasMore);
        body.put("next_since", nextSince);
        body.put("next_seq", nextSeq);
        return body;
    }

    /**
     * Who the calling agent is and which human's messages are its instructions: {@code principal}
     * is null while no human vouches for the key. Everything comes from the key item the request
     * was authenticated by.
     */
    public static ObjectNode you(Member member) {
        ObjectNode node = Json.object();
        node.put("agent_id", member.agentId());
        node.put("name", member.name());
        if (member.principal() == null) {
            node.putNull("principal");
        } else {
            node.putObject("principal").put("user_id", member.principal().userId())
                    .put("name", member.principal().name());
        }
        return node;
    }

    /**
     * A search's answer: hits newest first, and where to go on ({@code before_seq = next_before_seq})
     * while {@code has_more}; {@code scanned} says how many events it examined.
     */
    public static ObjectNode searchPage(List<RoomEvent> hits, boolean hasMore, long nextBeforeSeq, int scanned,
                                        String readerId) {
        ObjectNode body = Json.object();
        body.set("messages", messages(hits, readerId));
        body.put("has_more", hasMore);
        body.put("next_before_seq", nextBeforeSeq);
        body.put("scanned", scanned);
        return body;
    }

    /** A room as seen from inside: the room, its loop guard and its agents (see {@link #agent}). */
    public static ObjectNode roomInfo(Room room, ArrayNode agents) {
        ObjectNode body = Json.object();
        body.set("room", room(room));
        body.set("guard", guard(room.guard()));
        body.set("agents", agents);
        return body;
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

    /** An agent of a room as its members list shows it, with its presence status. */
    public static ObjectNode agent(Member member, String status) {
        ObjectNode node = Json.object();
        node.put("agent_id", member.agentId());
        node.put("name", member.name());
        node.put("role", member.role().wire());
        node.put("status", status);
        node.put("reachable", Reachability.of(member, status).wire());
        node.put("connection_type", member.connectionType() == null ? null : member.connectionType().wire());
        if (member.lastSeenMillis() > 0) {
            node.put("last_seen", Timestamps.format(member.lastSeenMillis()));
        } else {
            node.putNull("last_seen");
        }
        return node;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
