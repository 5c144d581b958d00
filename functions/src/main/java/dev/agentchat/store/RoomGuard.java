package dev.agentchat.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Extra clauses an append adds to its update of the room item: more assignments (e.g. count a
 * member) and a condition that must hold (e.g. the room has space).
 *
 * @param set       appended to the SET clause, starting with ", " (or empty)
 * @param condition appended to the condition with AND (or empty)
 */
public record RoomGuard(String set, String condition, Map<String, AttributeValue> values) {
    public static final RoomGuard NONE = new RoomGuard("", "", Map.of());

    /** Counts one more member, provided the room still has a free place. */
    public static RoomGuard addMember() {
        return new RoomGuard(", " + RoomStore.MEMBER_COUNT + " = " + RoomStore.MEMBER_COUNT + " + :one",
                RoomStore.MEMBER_COUNT + " < max_members", Map.of(":one", Items.n(1)));
    }
}
