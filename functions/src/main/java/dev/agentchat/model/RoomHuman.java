package dev.agentchat.model;

/**
 * A human of a room and their role there.
 *
 * @param name     the user's name when they joined (kept here so listing a room's humans is one query)
 * @param joinedAt ISO-8601 UTC
 */
public record RoomHuman(String roomId, String userId, String name, HumanRole role, String joinedAt) {
}
