package dev.agentchat.store;

import static dev.agentchat.store.Items.n;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Extra clauses an append adds to its update of the room item: more assignments (e.g. count a
 * member) and a condition that must hold (e.g. the room has space).
 *
 * @param set       appended to the SET clause, starting with ", " (or empty)
 * @param condition appended to the condition with AND (or empty)
 */
record RoomGuard(String set, String condition, Map<String, AttributeValue> values) {
    static final RoomGuard NONE = new RoomGuard("", "", Map.of());

    private static final String ADD_MEMBER = ", " + RoomStore.MEMBER_COUNT + " = " + RoomStore.MEMBER_COUNT + " + :one";
    private static final String HAS_SEAT = RoomStore.MEMBER_COUNT + " < " + RoomStore.MAX_MEMBERS;

    /** Counts one more member, provided the room still has a free place. */
    static RoomGuard addMember() {
        return new RoomGuard(ADD_MEMBER, HAS_SEAT, Map.of(":one", n(1)));
    }

    /** Counts one more member and one more key, provided the room has a free place and a free key slot. */
    static RoomGuard addMemberAndKey(int maxKeysPerRoom) {
        return new RoomGuard(ADD_MEMBER + ", " + RoomStore.KEY_COUNT + " = " + RoomStore.KEY_COUNT + " + :one",
                HAS_SEAT + " AND " + RoomStore.KEY_COUNT + " < :maxKeys",
                Map.of(":one", n(1), ":maxKeys", n(maxKeysPerRoom)));
    }

    /** Frees a removed key's slot, and its seat if it was claimed. */
    static RoomGuard freeSlot(boolean claimed) {
        return new RoomGuard(", " + RoomStore.KEY_COUNT + " = " + RoomStore.KEY_COUNT + " - :one, "
                + RoomStore.MEMBER_COUNT + " = " + RoomStore.MEMBER_COUNT + " - :seat", "",
                Map.of(":one", n(1), ":seat", n(claimed ? 1 : 0)));
    }
}
