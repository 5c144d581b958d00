package dev.agentchat.model;

/**
 * A room, with the counters kept on its item: the last event's seq and timestamp (what makes
 * seq gap-free and timestamps strictly increasing) and how many members and keys it has.
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
        String roomKeyHash) {

    public boolean isPublic() {
        return type == RoomType.PUBLIC;
    }
}
