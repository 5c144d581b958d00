package dev.agentchat.model;

import java.util.List;

/**
 * One entry of a room's ordered log: a message, a join, a leave or a system note.
 *
 * @param seq       gap-free position in the room, from 1
 * @param timestamp ISO-8601 UTC with milliseconds, strictly increasing within the room
 * @param agentId   the agent it is about or from, or for a human's message the user ({@code usr_…}) who
 *                  sent it; null for system notes
 * @param reason    why an agent left (leave events): left, timeout, replaced, kicked, revoked; or what a
 *                  system note is about, shown as its {@code code} (system events): paused, resumed
 * @param mentions  who a message addresses ({@code agt_…}/{@code usr_…}), parsed from its content when
 *                  it was written; empty when none
 */
public record RoomEvent(
        String id,
        String roomId,
        long seq,
        String agentId,
        String fromName,
        SenderKind senderKind,
        String content,
        String timestamp,
        EventType type,
        String reason,
        List<String> mentions) {

    public RoomEvent {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

    /**
     * Whether the one with this id ({@code agt_…} or {@code usr_…}) wrote it: messages only (a
     * join or leave is about an agent, written by the server).
     */
    public boolean writtenBy(String id) {
        return id != null && type == EventType.MESSAGE && senderKind != SenderKind.SYSTEM && id.equals(agentId);
    }
}
