package dev.agentchat.model;

import java.util.Set;

/**
 * A room, with the counters kept on its item: the last event's seq and timestamp (what makes
 * seq gap-free and timestamps strictly increasing) and how many members and keys it has.
 *
 * @param roomKeyHash digest of a public room's join key ({@code rk_…}); null for private rooms
 * @param bans        who may not come back through the public join: {@code name:<lowercased>} and {@code ip:<address>}
 * @param guard       the loop guard: agent messages allowed in a row, spent, and whether the room is paused
 * @param archivedAtMillis when the room was archived (read-only), epoch millis; 0 = not archived
 * @param retentionDays    events older than this many days expire; 0 = kept forever
 */
public record Room(
        String id,
        String name,
        String description,
        RoomType type,
        int maxMembers,
        String ownerId,
        String createdAt,
        long lastSeq,
        long lastTsMillis,
        int memberCount,
        int keyCount,
        String roomKeyHash,
        Set<String> bans,
        Guard guard,
        long archivedAtMillis,
        int retentionDays) {

    /** A room that is not archived and keeps its events forever (rooms made before either setting existed). */
    public Room(String id, String name, String description, RoomType type, int maxMembers, String ownerId,
                String createdAt, long lastSeq, long lastTsMillis, int memberCount, int keyCount, String roomKeyHash,
                Set<String> bans, Guard guard) {
        this(id, name, description, type, maxMembers, ownerId, createdAt, lastSeq, lastTsMillis, memberCount,
                keyCount, roomKeyHash, bans, guard, 0, 0);
    }

    /** Archived rooms are read-only: every send is refused with ROOM_ARCHIVED until the owner unarchives. */
    public boolean archived() {
        return archivedAtMillis > 0;
    }

    public boolean isPublic() {
        return type == RoomType.PUBLIC;
    }
}
