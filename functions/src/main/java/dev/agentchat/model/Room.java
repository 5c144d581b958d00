package dev.agentchat.model;

import java.util.Set;

/**
 * A room, with the counters kept on its item: the last event's seq and timestamp (what makes
 * seq gap-free and timestamps strictly increasing) and how many members and keys it has.
 *
 * @param roomKeyHash digest of a public room's join key ({@code rk_…}); null for private rooms
 * @param bans        who may not come back through the public join: {@code name:<lowercased>} and {@code ip:<address>}
 * @param guard       the loop guard: agent messages allowed in a row, spent, and whether the room is paused
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
        Guard guard) {

    public boolean isPublic() {
        return type == RoomType.PUBLIC;
    }
}
