package dev.agentchat.store;

import static dev.agentchat.store.Items.n;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Extra clauses an append adds to its update of the room item: more assignments (e.g. count a
 * member), attributes to remove, and a condition that must hold (e.g. the room has space).
 *
 * @param set       appended to the SET clause, starting with ", " (or empty)
 * @param remove    attributes to REMOVE, comma-separated (or empty)
 * @param condition appended to the condition with AND (or empty)
 */
record RoomGuard(String set, String remove, String condition, Map<String, AttributeValue> values) {
    static final RoomGuard NONE = new RoomGuard("", "", Map.of());

    RoomGuard(String set, String condition, Map<String, AttributeValue> values) {
        this(set, "", condition, values);
    }

    private static final String NOT_PAUSED = "attribute_not_exists(" + RoomStore.PAUSED_AT + ")";
    /** Sends need a room that is not archived (read-only). */
    private static final String NOT_ARCHIVED = "attribute_not_exists(" + RoomStore.ARCHIVED_AT + ")";
    /** The budget is set and spent (a room without a budget predates the guard: it is off). */
    private static final String SPENT = RoomStore.TURN_BUDGET + " > :zero AND " + RoomStore.TURNS_USED + " >= "
            + RoomStore.TURN_BUDGET;

    /** An agent message spends one turn, provided the room is not paused and has a turn left (or no budget). */
    static RoomGuard spendTurn() {
        return new RoomGuard(", " + RoomStore.TURNS_USED + " = if_not_exists(" + RoomStore.TURNS_USED + ", :zero) + :one",
                NOT_PAUSED + " AND " + NOT_ARCHIVED + " AND (attribute_not_exists(" + RoomStore.TURN_BUDGET + ") OR " + RoomStore.TURN_BUDGET
                        + " = :zero OR " + RoomStore.TURNS_USED + " < " + RoomStore.TURN_BUDGET + ")",
                Map.of(":zero", n(0), ":one", n(1)));
    }

    /** Pauses a room that is not paused yet; with {@code onlyIfSpent}, only once its budget is spent. */
    static RoomGuard pause(long nowMillis, boolean onlyIfSpent) {
        return new RoomGuard(", " + RoomStore.PAUSED_AT + " = :pausedAt",
                NOT_PAUSED + (onlyIfSpent ? " AND " + SPENT : ""),
                onlyIfSpent ? Map.of(":pausedAt", n(nowMillis), ":zero", n(0)) : Map.of(":pausedAt", n(nowMillis)));
    }

    /** Lifts a pause (recorded, or a spent budget not yet recorded) and gives the agents their whole budget again. */
    static RoomGuard resume() {
        return new RoomGuard(", " + RoomStore.TURNS_USED + " = :zero", RoomStore.PAUSED_AT,
                "(attribute_exists(" + RoomStore.PAUSED_AT + ") OR (" + SPENT + "))", Map.of(":zero", n(0)));
    }

    /** A human message: the agents' budget is whole again. */
    static RoomGuard refill() {
        return new RoomGuard(", " + RoomStore.TURNS_USED + " = :zero", NOT_ARCHIVED, Map.of(":zero", n(0)));
    }

    /** Makes the room read-only, unless it is already. */
    static RoomGuard archive(long nowMillis) {
        return new RoomGuard(", " + RoomStore.ARCHIVED_AT + " = :archivedAt", NOT_ARCHIVED,
                Map.of(":archivedAt", n(nowMillis)));
    }

    /** Lets an archived room take messages again, unless it is not archived. */
    static RoomGuard unarchive() {
        return new RoomGuard("", RoomStore.ARCHIVED_AT, "attribute_exists(" + RoomStore.ARCHIVED_AT + ")", Map.of());
    }

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
